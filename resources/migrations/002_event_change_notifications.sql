-- Every change of an event's ticket count is announced on the channel `event_changes`, in the
-- same transaction: PostgreSQL delivers a NOTIFY at commit, to every listening server
-- instance, and drops it when the transaction rolls back.

CREATE FUNCTION notify_event_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- The payload is the live feed's message as clients receive it.
    PERFORM pg_notify('event_changes', json_build_object(
        'type', 'event.updated',
        'eventId', NEW.id,
        'remainingTickets', NEW.remaining_tickets,
        'totalTickets', NEW.total_tickets)::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER events_notify_insert
    AFTER INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION notify_event_change();

CREATE TRIGGER events_notify_update
    AFTER UPDATE OF remaining_tickets, total_tickets ON events
    FOR EACH ROW
    WHEN (OLD.remaining_tickets IS DISTINCT FROM NEW.remaining_tickets
          OR OLD.total_tickets IS DISTINCT FROM NEW.total_tickets)
    EXECUTE FUNCTION notify_event_change();

-- A listener that lost its connection catches up from updated_at: make it the time of the
-- change, not the start of a transaction that may have waited for a lock.
CREATE INDEX events_updated_idx ON events (updated_at);
