-- Every instance keeps the answers of the event routes in memory (the event cache). Ticket
-- counts reach it on `event_changes` (migration 002); everything else that changes what the
-- listing shows is announced here, at commit: events added, removed or edited. Such changes are
-- rare and drop every instance's whole cache. The payload is the statement's kind, for logs.

CREATE FUNCTION notify_event_catalog_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('event_catalog_changes', TG_OP);
    RETURN NULL;
END;
$$;

CREATE TRIGGER events_catalog_rows
    AFTER INSERT OR DELETE OR TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION notify_event_catalog_change();

-- Bookings change only the counts (and updated_at): they do not fire this one.
CREATE TRIGGER events_catalog_edits
    AFTER UPDATE ON events
    FOR EACH ROW
    WHEN ((OLD.id, OLD.title, OLD.description, OLD.date, OLD.venue, OLD.price, OLD.created_at)
          IS DISTINCT FROM
          (NEW.id, NEW.title, NEW.description, NEW.date, NEW.venue, NEW.price, NEW.created_at))
    EXECUTE FUNCTION notify_event_catalog_change();
