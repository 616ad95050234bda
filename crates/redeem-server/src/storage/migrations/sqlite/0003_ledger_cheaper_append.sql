-- The ledger again, with the same columns, rows, constraints and triggers, and three
-- changes that make an append cheaper (docs/BENCHMARKS.md, "SQLite durable redeems"):
--
-- - The entry kind is checked with comparisons. SQLite checks `kind IN (six values)` by
--   building and dropping a temporary index on every insert: a twentieth of a redeem's
--   instructions.
-- - No AUTOINCREMENT. It only differs from a plain INTEGER PRIMARY KEY once rows are
--   deleted, and ledger rows never are (see the triggers); it cost a read and a write of
--   sqlite_sequence on every insert.
-- - A card or a trade-in is still credited at most once, by unique indexes that hold only
--   the entries that name one. The UNIQUE columns indexed every entry, a card redemption's
--   NULL trade-in included.
--
-- SQLite cannot change a table's constraints in place, so the table is copied. Nothing
-- references the ledger; the copy keeps every id.

CREATE TABLE ledger_v3 (
    id                  INTEGER PRIMARY KEY,
    public_id           TEXT    NOT NULL UNIQUE,
    account_id          INTEGER NOT NULL REFERENCES accounts (id),
    kind                TEXT    NOT NULL CHECK (kind = 'gift_card_redemption'
        OR kind = 'trade_in_credit' OR kind = 'added_funds' OR kind = 'purchase'
        OR kind = 'refund' OR kind = 'adjustment'),
    amount_minor        INTEGER NOT NULL CHECK (amount_minor <> 0),
    currency            TEXT    NOT NULL,
    balance_after_minor INTEGER NOT NULL CHECK (balance_after_minor >= 0),
    source              TEXT    NOT NULL,
    description         TEXT    NOT NULL,
    card_id             INTEGER REFERENCES cards (id),
    trade_in_id         INTEGER REFERENCES trade_ins (id),
    created_at          INTEGER NOT NULL
) STRICT;

INSERT INTO ledger_v3 (id, public_id, account_id, kind, amount_minor, currency,
    balance_after_minor, source, description, card_id, trade_in_id, created_at)
SELECT id, public_id, account_id, kind, amount_minor, currency,
    balance_after_minor, source, description, card_id, trade_in_id, created_at
FROM ledger ORDER BY id;

-- Dropping a table drops its triggers first; the rows go with the table.
DROP TABLE ledger;
ALTER TABLE ledger_v3 RENAME TO ledger;

CREATE UNIQUE INDEX ledger_credits_a_card_once ON ledger (card_id)
    WHERE card_id IS NOT NULL;
CREATE UNIQUE INDEX ledger_credits_a_trade_in_once ON ledger (trade_in_id)
    WHERE trade_in_id IS NOT NULL;
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
