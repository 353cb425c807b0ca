-- Holds: a booking takes its ticket as PENDING, with an expiry, before the payment runs outside
-- any transaction; it then becomes CONFIRMED, FAILED (payment declined) or EXPIRED (the hold ran
-- out), or CANCELLED by its owner. PENDING and CONFIRMED are the active statuses: they hold a
-- ticket, so at every commit remaining_tickets + PENDING + CONFIRMED = total_tickets.

ALTER TABLE bookings DROP CONSTRAINT bookings_status_check;
ALTER TABLE bookings ADD CONSTRAINT bookings_status_check
    CHECK (status IN ('PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED', 'FAILED'));

-- When a PENDING hold gives its ticket back unless it was confirmed first. Kept afterwards, as
-- history.
ALTER TABLE bookings ADD COLUMN expires_at timestamptz;
ALTER TABLE bookings ADD CONSTRAINT bookings_pending_expiry_check
    CHECK (status <> 'PENDING' OR expires_at IS NOT NULL);

-- One active booking per user and event; a user may book again after a cancellation, an expiry
-- or a declined payment.
DROP INDEX bookings_active_user_event_key;
CREATE UNIQUE INDEX bookings_active_user_event_key
    ON bookings (user_id, event_id) WHERE status IN ('PENDING', 'CONFIRMED');

-- The expiry sweeper of every instance looks for holds past their time.
CREATE INDEX bookings_pending_expiry_idx ON bookings (expires_at) WHERE status = 'PENDING';

-- Idempotency-Key of POST /api/bookings, per user, kept 24 h. A row without response_status is
-- a request still running (until locked_until, after which a retry may take the key over); a
-- row with one is a final answer to replay. `owner` names the request that holds the key: only
-- it may record the answer or free the key, not one whose key was taken over meanwhile.
CREATE TABLE idempotency_keys (
    user_id          uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key              text        NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash     bytea       NOT NULL,
    owner            uuid        NOT NULL,
    response_status  integer     CHECK (response_status BETWEEN 200 AND 499),
    response_headers text,
    response_body    bytea,
    locked_until     timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, key),
    CHECK ((response_status IS NULL) = (response_body IS NULL))
);
CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at);
