-- Sign-ups from each client address, for the sign-up limiter: every sign-up that reaches
-- the database counts, made or refused because the e-mail address is taken.
CREATE TABLE sign_ups (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_addr TEXT        NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX sign_ups_by_addr ON sign_ups (client_addr, at);
CREATE INDEX sign_ups_by_time ON sign_ups (at);

-- A password change and "sign out everywhere" end every session of one account at once.
CREATE INDEX sessions_by_account ON sessions (account_id);
