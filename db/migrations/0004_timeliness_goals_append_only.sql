-- Goal versions are history: a request is judged by the version in force at its first submission,
-- so a version is never changed or removed; a new goal is a new version.
CREATE TRIGGER timeliness_goals_no_update BEFORE UPDATE ON timeliness_goals
BEGIN
  SELECT RAISE(ABORT, 'timeliness_goals is append-only: add a new version instead');
END;
--> statement-breakpoint
CREATE TRIGGER timeliness_goals_no_delete BEFORE DELETE ON timeliness_goals
BEGIN
  SELECT RAISE(ABORT, 'timeliness_goals is append-only: add a new version instead');
END;
