-- The stored answers of Idempotency-Keys again, with the same columns and rows, kept in
-- the order they arrived (docs/BENCHMARKS.md, "SQLite durable redeems"):
--
-- - The rows are a table with an integer key, so a new answer is appended at the table's
--   end, and the key's uniqueness for its account is an index of the two short columns.
--   The rows themselves were the index before: every answer went wherever its key sorted.
-- - No index by age. Pruning walks the table from its oldest row and stops at the first
--   one it must keep; the index cost every commit three pages of the write-ahead log.
--
-- SQLite cannot change a table's primary key in place, so the table is copied, oldest
-- answer first.

CREATE TABLE idempotency_keys_v4 (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id),
    key          TEXT    NOT NULL,
    request_hash BLOB    NOT NULL,
    status       INTEGER NOT NULL,
    body         BLOB    NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (account_id, key)
) STRICT;

INSERT INTO idempotency_keys_v4 (account_id, key, request_hash, status, body, created_at)
    SELECT account_id, key, request_hash, status, body, created_at
    FROM idempotency_keys ORDER BY created_at, account_id, key;

DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_v4 RENAME TO idempotency_keys;
