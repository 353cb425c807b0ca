-- Users, events, bookings and refresh tokens.
-- The database enforces the booking invariants itself, whatever the application does:
-- remaining tickets stay within 0..total, and a user holds at most one active booking per event.

CREATE TABLE users (
    id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    email         text        NOT NULL CHECK (length(email) <= 254 AND email = lower(email)),
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE events (
    id                uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    title             text          NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description       text          NOT NULL DEFAULT '',
    date              timestamptz   NOT NULL,
    venue             text          NOT NULL,
    total_tickets     integer       NOT NULL CHECK (total_tickets >= 0),
    remaining_tickets integer       NOT NULL,
    price             numeric(10,2) NOT NULL CHECK (price >= 0),
    created_at        timestamptz   NOT NULL DEFAULT now(),
    updated_at        timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT events_remaining_tickets_check
        CHECK (remaining_tickets BETWEEN 0 AND total_tickets)
);
-- One index per sort order of the listing; the id breaks ties so pages never overlap.
CREATE INDEX events_date_idx ON events (date, id);
CREATE INDEX events_price_idx ON events (price, id);
CREATE INDEX events_title_idx ON events (lower(title), id);

CREATE TABLE bookings (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    event_id   uuid        NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    status     text        NOT NULL DEFAULT 'CONFIRMED'
                           CHECK (status IN ('CONFIRMED', 'CANCELLED')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
-- At most one active (not cancelled) booking per user and event; rebooking after a
-- cancellation is allowed.
CREATE UNIQUE INDEX bookings_active_user_event_key
    ON bookings (user_id, event_id) WHERE status <> 'CANCELLED';
CREATE INDEX bookings_user_created_idx ON bookings (user_id, created_at DESC, id);
CREATE INDEX bookings_event_idx ON bookings (event_id);

-- Issued refresh tokens, stored as SHA-256 hashes. A family is one login session: reusing a
-- rotated token revokes the whole family.
CREATE TABLE refresh_tokens (
    id         uuid        PRIMARY KEY,
    family_id  uuid        NOT NULL,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash bytea       NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    revoked_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at);
