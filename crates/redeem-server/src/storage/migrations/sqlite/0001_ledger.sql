-- Redeem ledger schema, version 1 (SQLite).
-- Timestamps are INTEGER microseconds since the Unix epoch (UTC); money is INTEGER minor units.

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE,
    region        TEXT    NOT NULL,
    currency      TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    balance_minor INTEGER NOT NULL DEFAULT 0 CHECK (balance_minor >= 0),
    version       INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
    token_hash BLOB    PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- A card is known only by HMAC-SHA256(pepper, code) and its last four symbols.
CREATE TABLE cards (
    id           INTEGER PRIMARY KEY,
    code_hmac    BLOB    NOT NULL UNIQUE,
    last4        TEXT    NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency     TEXT    NOT NULL,
    region       TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('active', 'inactive', 'disabled')),
    created_at   INTEGER NOT NULL,
    redeemed_at  INTEGER,
    redeemed_by  INTEGER REFERENCES accounts (id),
    CHECK ((redeemed_at IS NULL) = (redeemed_by IS NULL))
) STRICT;

CREATE TABLE trade_ins (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT    NOT NULL UNIQUE,
    account_id   INTEGER NOT NULL REFERENCES accounts (id),
    device       TEXT    NOT NULL,
    status       TEXT    NOT NULL
        CHECK (status IN ('pending', 'received', 'inspecting', 'credited', 'rejected')),
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    currency     TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX trade_ins_by_account ON trade_ins (account_id, created_at);

-- The ledger: append-only (see the triggers), one row per movement of money.
CREATE TABLE ledger (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    public_id           TEXT    NOT NULL UNIQUE,
    account_id          INTEGER NOT NULL REFERENCES accounts (id),
    kind                TEXT    NOT NULL CHECK (kind IN ('gift_card_redemption',
        'trade_in_credit', 'added_funds', 'purchase', 'refund', 'adjustment')),
    amount_minor        INTEGER NOT NULL CHECK (amount_minor <> 0),
    currency            TEXT    NOT NULL,
    balance_after_minor INTEGER NOT NULL CHECK (balance_after_minor >= 0),
    source              TEXT    NOT NULL,
    description         TEXT    NOT NULL,
    card_id             INTEGER UNIQUE REFERENCES cards (id),
    trade_in_id         INTEGER UNIQUE REFERENCES trade_ins (id),
    created_at          INTEGER NOT NULL
) STRICT;
-- Keyset pagination, newest first: a page deep in a long history costs what the first does.
CREATE INDEX ledger_history ON ledger (account_id, created_at, id);
CREATE INDEX ledger_history_by_kind ON ledger (account_id, kind, created_at, id);

CREATE TRIGGER ledger_is_append_only_update BEFORE UPDATE ON ledger
BEGIN
    SELECT RAISE(ABORT, 'the ledger is append-only: entries cannot be updated');
END;
CREATE TRIGGER ledger_is_append_only_delete BEFORE DELETE ON ledger
BEGIN
    SELECT RAISE(ABORT, 'the ledger is append-only: entries cannot be deleted');
END;

-- Net amount per account and kind, maintained with every append (the balance breakdown).
CREATE TABLE balance_by_kind (
    account_id  INTEGER NOT NULL REFERENCES accounts (id),
    kind        TEXT    NOT NULL,
    total_minor INTEGER NOT NULL,
    PRIMARY KEY (account_id, kind)
) STRICT, WITHOUT ROWID;

-- The first response to each Idempotency-Key, byte for byte, written with its effect.
CREATE TABLE idempotency_keys (
    account_id   INTEGER NOT NULL REFERENCES accounts (id),
    key          TEXT    NOT NULL,
    request_hash BLOB    NOT NULL,
    status       INTEGER NOT NULL,
    body         BLOB    NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (account_id, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);

-- The attempt limiter's memory, shared by every node that uses this database.
CREATE TABLE failed_attempts (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL,
    client_addr TEXT    NOT NULL,
    at          INTEGER NOT NULL
) STRICT;
CREATE INDEX failed_attempts_by_account ON failed_attempts (account_id, at);
CREATE INDEX failed_attempts_by_addr ON failed_attempts (client_addr, at);
CREATE INDEX failed_attempts_by_time ON failed_attempts (at);
