-- A module's history and its disputes' escalations are the record auditors follow: never changed.
CREATE TRIGGER training_module_events_no_update BEFORE UPDATE ON training_module_events
BEGIN
  SELECT RAISE(ABORT, 'training_module_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER training_module_events_no_delete BEFORE DELETE ON training_module_events
BEGIN
  SELECT RAISE(ABORT, 'training_module_events is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER training_dispute_steps_no_update BEFORE UPDATE ON training_dispute_steps
BEGIN
  SELECT RAISE(ABORT, 'training_dispute_steps is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER training_dispute_steps_no_delete BEFORE DELETE ON training_dispute_steps
BEGIN
  SELECT RAISE(ABORT, 'training_dispute_steps is append-only');
END;
