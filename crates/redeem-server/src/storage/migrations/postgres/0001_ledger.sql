-- Redeem ledger schema, version 1 (PostgreSQL).
-- Money is BIGINT minor units.

CREATE TABLE accounts (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         TEXT        NOT NULL UNIQUE,
    region        TEXT        NOT NULL,
    currency      TEXT        NOT NULL,
    password_hash TEXT        NOT NULL,
    balance_minor BIGINT      NOT NULL DEFAULT 0 CHECK (balance_minor >= 0),
    version       BIGINT      NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE sessions (
    token_hash BYTEA       PRIMARY KEY,
    account_id BIGINT      NOT NULL REFERENCES accounts (id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- A card is known only by HMAC-SHA256(pepper, code) and its last four symbols.
CREATE TABLE cards (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code_hmac    BYTEA       NOT NULL UNIQUE,
    last4        TEXT        NOT NULL,
    amount_minor BIGINT      NOT NULL CHECK (amount_minor > 0),
    currency     TEXT        NOT NULL,
    region       TEXT        NOT NULL,
    status       TEXT        NOT NULL CHECK (status IN ('active', 'inactive', 'disabled')),
    created_at   TIMESTAMPTZ NOT NULL,
    redeemed_at  TIMESTAMPTZ,
    redeemed_by  BIGINT REFERENCES accounts (id),
    CHECK ((redeemed_at IS NULL) = (redeemed_by IS NULL))
);

CREATE TABLE trade_ins (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id    TEXT        NOT NULL UNIQUE,
    account_id   BIGINT      NOT NULL REFERENCES accounts (id),
    device       TEXT        NOT NULL,
    status       TEXT        NOT NULL
        CHECK (status IN ('pending', 'received', 'inspecting', 'credited', 'rejected')),
    amount_minor BIGINT      NOT NULL CHECK (amount_minor > 0),
    currency     TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX trade_ins_by_account ON trade_ins (account_id, created_at);

-- The ledger: append-only (see the triggers), one row per movement of money.
CREATE TABLE ledger (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id           TEXT        NOT NULL UNIQUE,
    account_id          BIGINT      NOT NULL REFERENCES accounts (id),
    kind                TEXT        NOT NULL CHECK (kind IN ('gift_card_redemption',
        'trade_in_credit', 'added_funds', 'purchase', 'refund', 'adjustment')),
    amount_minor        BIGINT      NOT NULL CHECK (amount_minor <> 0),
    currency            TEXT        NOT NULL,
    balance_after_minor BIGINT      NOT NULL CHECK (balance_after_minor >= 0),
    source              TEXT        NOT NULL,
    description         TEXT        NOT NULL,
    card_id             BIGINT UNIQUE REFERENCES cards (id),
    trade_in_id         BIGINT UNIQUE REFERENCES trade_ins (id),
    created_at          TIMESTAMPTZ NOT NULL
);
-- Keyset pagination, newest first: a page deep in a long history costs what the first does.
CREATE INDEX ledger_history ON ledger (account_id, created_at, id);
CREATE INDEX ledger_history_by_kind ON ledger (account_id, kind, created_at, id);

CREATE FUNCTION ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % refused', TG_OP
        USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER ledger_is_append_only_row BEFORE UPDATE OR DELETE ON ledger
    FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only();
CREATE TRIGGER ledger_is_append_only_truncate BEFORE TRUNCATE ON ledger
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_is_append_only();

-- Net amount per account and kind, maintained with every append (the balance breakdown).
CREATE TABLE balance_by_kind (
    account_id  BIGINT NOT NULL REFERENCES accounts (id),
    kind        TEXT   NOT NULL,
    total_minor BIGINT NOT NULL,
    PRIMARY KEY (account_id, kind)
);

-- The first response to each Idempotency-Key, byte for byte, written with its effect.
CREATE TABLE idempotency_keys (
    account_id   BIGINT      NOT NULL REFERENCES accounts (id),
    key          TEXT        NOT NULL,
    request_hash BYTEA       NOT NULL,
    status       INTEGER     NOT NULL,
    body         BYTEA       NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account_id, key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

-- The attempt limiter's memory, shared by every API node.
CREATE TABLE failed_attempts (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  BIGINT      NOT NULL,
    client_addr TEXT        NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX failed_attempts_by_account ON failed_attempts (account_id, at);
CREATE INDEX failed_attempts_by_addr ON failed_attempts (client_addr, at);
CREATE INDEX failed_attempts_by_time ON failed_attempts (at);
