-- One redeem as a client of PostgreSQL would run it, for pgbench: the baseline of the
-- PostgreSQL redeem figure (scripts/bench.sh). The statements are those of the server's
-- full path (a refused redeem's, and every redeem's before migration 5), in its order,
-- with the same row locks, one round trip each; the server's successful redeem runs the
-- same statements inside the database, in one call of redeem_gift_card (migration 5).
-- Each transaction takes the next unredeemed card from the sequence bench_next_card and
-- writes a 1.00 USD credit into account :account. The card is found by its id rather
-- than by its code's HMAC: both are unique-index lookups.
SELECT nextval('bench_next_card') AS card \gset
BEGIN;
SELECT * FROM accounts WHERE id = :account FOR UPDATE;
SELECT request_hash, status, body FROM idempotency_keys
    WHERE account_id = :account AND key = 'bench-' || :card
    AND created_at >= now() - interval '7 days';
SELECT 0 AS scope, COUNT(*) AS n, MIN(at) AS oldest FROM (SELECT at FROM failed_attempts
    WHERE account_id = :account AND at >= now() - interval '1 hour' ORDER BY at LIMIT 10)
    AS by_account
UNION ALL SELECT 1, COUNT(*), MIN(at) FROM (SELECT at FROM failed_attempts
    WHERE client_addr = '127.0.0.1' AND at >= now() - interval '1 hour' ORDER BY at
    LIMIT 30) AS by_address
UNION ALL SELECT 2, COUNT(*), MIN(at) FROM (SELECT at FROM failed_attempts
    WHERE at >= now() - interval '1 hour' ORDER BY at LIMIT 10000) AS everybody;
SELECT * FROM cards WHERE id = :card FOR UPDATE;
UPDATE cards SET redeemed_at = now(), redeemed_by = :account
    WHERE id = :card AND redeemed_at IS NULL AND status = 'active';
UPDATE accounts SET balance_minor = balance_minor + 100, version = version + 1
    WHERE id = :account AND currency = 'USD' AND balance_minor + 100 >= 0
    RETURNING balance_minor \gset
INSERT INTO ledger (public_id, account_id, kind, amount_minor, currency,
    balance_after_minor, source, description, card_id, trade_in_id, created_at)
    VALUES ('PGB-' || :card, :account, 'gift_card_redemption', 100, 'USD',
    :balance_minor, 'card ending 0000', 'Gift card redeemed', :card, NULL, now());
INSERT INTO balance_by_kind (account_id, kind, total_minor)
    VALUES (:account, 'gift_card_redemption', 100)
    ON CONFLICT (account_id, kind)
    DO UPDATE SET total_minor = balance_by_kind.total_minor + excluded.total_minor;
INSERT INTO idempotency_keys (account_id, key, request_hash, status, body, created_at)
    VALUES (:account, 'bench-' || :card, sha256(('bench-' || :card)::bytea), 201,
    convert_to('{"receipt_id":"PGB-' || :card || '","credited":{"amount_minor":100,"currency":"USD"},"balance":{"amount_minor":' || :balance_minor || ',"currency":"USD"}}', 'UTF8'),
    now())
    ON CONFLICT (account_id, key) DO UPDATE SET request_hash = excluded.request_hash,
    status = excluded.status, body = excluded.body, created_at = excluded.created_at
    WHERE idempotency_keys.created_at < now() - interval '7 days';
COMMIT;
