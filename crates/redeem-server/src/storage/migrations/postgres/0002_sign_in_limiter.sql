-- Failed sign-ins, for the sign-in limiter (per account and per client address). The
-- account is a keyed fingerprint of the e-mail address, so that an address with no account
-- is limited the same way as one with an account: the limiter tells nobody which exist.
CREATE TABLE failed_sign_ins (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email_key   BYTEA       NOT NULL,
    client_addr TEXT        NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX failed_sign_ins_by_email ON failed_sign_ins (email_key, at);
CREATE INDEX failed_sign_ins_by_addr ON failed_sign_ins (client_addr, at);
CREATE INDEX failed_sign_ins_by_time ON failed_sign_ins (at);
