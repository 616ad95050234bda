-- Adding money from a payment card (issue 19). A payment is recorded before the payment
-- provider is asked (transaction 1) and finished after its answer (transaction 2): the
-- ledger entry that credits it names it, so that a payment credits at most once even when
-- the server dies between the provider's answer and the commit, and recovery finishes it.
-- Only the card's network and last four digits are kept: never its number or security
-- code (PCI DSS 3.3, 3.4).
CREATE TABLE payments (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id       TEXT        NOT NULL UNIQUE,
    account_id      BIGINT      NOT NULL REFERENCES accounts (id),
    idempotency_key TEXT        NOT NULL,
    request_hash    BYTEA       NOT NULL,
    amount_minor    BIGINT      NOT NULL CHECK (amount_minor > 0),
    currency        TEXT        NOT NULL,
    card_brand      TEXT        NOT NULL,
    card_last4      TEXT        NOT NULL CHECK (length(card_last4) = 4),
    status          TEXT        NOT NULL CHECK (status IN ('pending', 'requires_confirmation',
        'succeeded', 'declined', 'failed')),
    decline_reason  TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (account_id, idempotency_key)
);
-- The daily limit sums an account's recent payments.
CREATE INDEX payments_by_account ON payments (account_id, created_at);
-- Recovery looks for the few payments still pending.
CREATE INDEX payments_pending ON payments (updated_at) WHERE status = 'pending';

-- The entry that credits a payment names it; at most one entry per payment. Adding a
-- nullable column rewrites no row, so the append-only triggers are not involved.
ALTER TABLE ledger ADD COLUMN payment_id BIGINT REFERENCES payments (id);
CREATE UNIQUE INDEX ledger_credits_a_payment_once ON ledger (payment_id)
    WHERE payment_id IS NOT NULL;

-- The built-in test payment provider's own records: they stand for a card processor's
-- database, so they are never joined with the ledger and are written in transactions of
-- their own. They survive a crash of the server as a real processor's would.
CREATE TABLE test_processor_charges (
    reference      TEXT        PRIMARY KEY,
    amount_minor   BIGINT      NOT NULL,
    currency       TEXT        NOT NULL,
    card_brand     TEXT        NOT NULL,
    card_last4     TEXT        NOT NULL,
    status         TEXT        NOT NULL,
    decline_reason TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
