-- A gift-card redeem that succeeds, in one call (issue 22). The full path of a redeem is a
-- dozen statements, each a round trip between the server and the database while the
-- account's row is locked; here the same statements, in the same order and with the same
-- row locks, run inside the database, so that the lock is held for one round trip instead
-- of a dozen.
--
-- The function writes only when the card redeems. Every other outcome (the account is
-- gone, a limit is used up, the key already has an answer, the code does not redeem into
-- the account) writes nothing and answers redeemed = false: the server then runs its full
-- path, which decides and words that answer as it always has. The caller supplies the
-- clock, the limits, the receipt id, the ledger's wording and the answer's body around its
-- two numbers, so that every rule and every word stays in the server's code.
CREATE FUNCTION redeem_gift_card(
    p_account           BIGINT,
    p_currency          TEXT,
    p_key               TEXT,
    p_request_hash      BYTEA,
    p_code_hmac         BYTEA,
    p_address           TEXT,
    p_failures_since    TIMESTAMPTZ,
    p_account_cap       BIGINT,
    p_address_cap       BIGINT,
    p_global_cap        BIGINT,
    p_keys_live_since   TIMESTAMPTZ,
    p_now               TIMESTAMPTZ,
    p_receipt_id        TEXT,
    p_source_prefix     TEXT,
    p_description       TEXT,
    p_body_head         BYTEA,
    p_body_middle       BYTEA,
    p_body_tail         BYTEA,
    OUT redeemed            BOOLEAN,
    OUT account_failures    BIGINT,
    OUT account_oldest      TIMESTAMPTZ,
    OUT address_failures    BIGINT,
    OUT address_oldest      TIMESTAMPTZ,
    OUT global_failures     BIGINT,
    OUT global_oldest       TIMESTAMPTZ,
    OUT credited            BIGINT,
    OUT balance_after       BIGINT
) LANGUAGE plpgsql AS $$
DECLARE
    v_region   TEXT;
    v_currency TEXT;
    v_card     RECORD;
BEGIN
    redeemed := false;

    -- The account's row lock first, as every write of the account takes it: it serialises
    -- the account's writes, so that the limiter counts exactly and a concurrent request
    -- under the same key waits here and then finds the first one's answer.
    SELECT region, currency INTO v_region, v_currency
        FROM accounts WHERE id = p_account FOR UPDATE;
    IF NOT FOUND OR v_currency <> p_currency THEN
        RETURN;
    END IF;

    -- The limiter's three windows, each counted up to its cap.
    SELECT COUNT(*), MIN(at) INTO account_failures, account_oldest FROM (
        SELECT at FROM failed_attempts WHERE account_id = p_account AND at >= p_failures_since
        ORDER BY at LIMIT p_account_cap) AS by_account;
    SELECT COUNT(*), MIN(at) INTO address_failures, address_oldest FROM (
        SELECT at FROM failed_attempts WHERE client_addr = p_address AND at >= p_failures_since
        ORDER BY at LIMIT p_address_cap) AS by_address;
    SELECT COUNT(*), MIN(at) INTO global_failures, global_oldest FROM (
        SELECT at FROM failed_attempts WHERE at >= p_failures_since
        ORDER BY at LIMIT p_global_cap) AS everybody;

    -- A key with a live answer is a replay or a mismatch.
    PERFORM 1 FROM idempotency_keys
        WHERE account_id = p_account AND key = p_key AND created_at >= p_keys_live_since;
    IF FOUND THEN
        RETURN;
    END IF;
    IF account_failures >= p_account_cap OR address_failures >= p_address_cap
        OR global_failures >= p_global_cap THEN
        RETURN;
    END IF;

    SELECT id, last4, amount_minor, currency, region, status, redeemed_at INTO v_card
        FROM cards WHERE code_hmac = p_code_hmac FOR UPDATE;
    IF NOT FOUND OR v_card.status <> 'active' OR v_card.redeemed_at IS NOT NULL
        OR v_card.region <> v_region OR v_card.currency <> v_currency THEN
        RETURN;
    END IF;

    -- The guards of the full path, kept although the locks above make them hold.
    UPDATE cards SET redeemed_at = p_now, redeemed_by = p_account
        WHERE id = v_card.id AND redeemed_at IS NULL AND status = 'active';
    IF NOT FOUND THEN
        RAISE EXCEPTION 'a card was redeemed twice';
    END IF;
    UPDATE accounts SET balance_minor = balance_minor + v_card.amount_minor,
            version = version + 1
        WHERE id = p_account AND currency = v_card.currency
            AND balance_minor + v_card.amount_minor >= 0
        RETURNING balance_minor INTO balance_after;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'a credit would have made a balance negative';
    END IF;

    INSERT INTO ledger (public_id, account_id, kind, amount_minor, currency,
            balance_after_minor, source, description, card_id, trade_in_id, created_at,
            payment_id)
        VALUES (p_receipt_id, p_account, 'gift_card_redemption', v_card.amount_minor,
            v_card.currency, balance_after, p_source_prefix || v_card.last4, p_description,
            v_card.id, NULL, p_now, NULL);
    INSERT INTO balance_by_kind (account_id, kind, total_minor)
        VALUES (p_account, 'gift_card_redemption', v_card.amount_minor)
        ON CONFLICT (account_id, kind)
        DO UPDATE SET total_minor = balance_by_kind.total_minor + excluded.total_minor;

    -- The answer, stored with its effect: the caller's bytes around the two numbers.
    INSERT INTO idempotency_keys (account_id, key, request_hash, status, body, created_at)
        VALUES (p_account, p_key, p_request_hash, 201,
            p_body_head || convert_to(v_card.amount_minor::TEXT, 'UTF8') || p_body_middle
                || convert_to(balance_after::TEXT, 'UTF8') || p_body_tail,
            p_now)
        ON CONFLICT (account_id, key) DO UPDATE SET request_hash = excluded.request_hash,
            status = excluded.status, body = excluded.body, created_at = excluded.created_at
        WHERE idempotency_keys.created_at < p_keys_live_since;
    IF NOT FOUND THEN
        -- A live answer under the key that the look-up above did not see: written by a
        -- transaction that committed after it without the account's lock. Everything above
        -- is undone; the caller runs the call again, which finds that answer.
        RAISE EXCEPTION 'a response under this idempotency key exists already'
            USING ERRCODE = 'unique_violation';
    END IF;

    credited := v_card.amount_minor;
    redeemed := true;
END
$$;
