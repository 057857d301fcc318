-- The event log is the record every clock is computed from: it is never changed or removed.
CREATE TRIGGER request_events_no_update BEFORE UPDATE ON request_events
BEGIN
  SELECT RAISE(ABORT, 'request_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER request_events_no_delete BEFORE DELETE ON request_events
BEGIN
  SELECT RAISE(ABORT, 'request_events is append-only');
END;
