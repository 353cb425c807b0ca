-- Live messages carry the change's time (updated_at, set at the change): a client that gets an
-- event's count by several paths (a page load, its own booking, the feed) keeps the newest.

CREATE OR REPLACE FUNCTION notify_event_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('event_changes', json_build_object(
        'type', 'event.updated',
        'eventId', NEW.id,
        'remainingTickets', NEW.remaining_tickets,
        'totalTickets', NEW.total_tickets,
        'updatedAt', to_char(NEW.updated_at AT TIME ZONE 'UTC',
                             'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text);
    RETURN NULL;
END;
$$;
