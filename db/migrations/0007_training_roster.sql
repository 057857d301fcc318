CREATE TABLE `training_completions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`agent_id` integer NOT NULL,
	`module_id` integer NOT NULL,
	`version` integer NOT NULL,
	`kind` text NOT NULL,
	`completed_on` text NOT NULL,
	`reason` text,
	`source` text NOT NULL,
	`recorded_by_user_id` integer,
	`recorded_by_name` text NOT NULL,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`module_id`) REFERENCES `training_modules`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "training_completions_kind_check" CHECK(kind IN ('completion', 'waiver')),
	CONSTRAINT "training_completions_source_check" CHECK(source IN ('manual', 'import')),
	CONSTRAINT "training_completions_reason_check" CHECK(kind = 'completion' OR (reason IS NOT NULL AND length(trim(reason)) > 0)),
	CONSTRAINT "training_completions_version_check" CHECK(version > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `training_completions_unique` ON `training_completions` (`agent_id`,`module_id`,`version`,`kind`,`completed_on`);--> statement-breakpoint
CREATE INDEX `training_completions_module_idx` ON `training_completions` (`module_id`);--> statement-breakpoint
CREATE INDEX `training_completions_recorded_by_idx` ON `training_completions` (`recorded_by_user_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_agents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`badge` text NOT NULL,
	`name` text NOT NULL,
	`agency` text DEFAULT 'HSI' NOT NULL,
	`office_id` integer NOT NULL,
	`duty_station` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "agents_agency_check" CHECK(agency IN ('HSI', 'DEA'))
);
--> statement-breakpoint
INSERT INTO `__new_agents`("id", "badge", "name", "agency", "office_id", "duty_station", "created_at", "updated_at") SELECT "id", "badge", "name", 'HSI', "hsi_office_id", "duty_station", "created_at", "updated_at" FROM `agents`;--> statement-breakpoint
DROP TABLE `agents`;--> statement-breakpoint
ALTER TABLE `__new_agents` RENAME TO `agents`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `agents_badge_unique` ON `agents` (`badge`);--> statement-breakpoint
CREATE INDEX `agents_office_idx` ON `agents` (`office_id`);--> statement-breakpoint
CREATE INDEX `agents_name_idx` ON `agents` (`name`);--> statement-breakpoint
ALTER TABLE `request_timings` ADD `pending_training_days` integer;--> statement-breakpoint
ALTER TABLE `request_timings` ADD `pending_training_calendar_days` integer;--> statement-breakpoint
ALTER TABLE `request_timings` ADD `activated_at` integer;--> statement-breakpoint
CREATE TABLE `__new_training_modules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`title` text NOT NULL,
	`owner_agency` text NOT NULL,
	`audience` text NOT NULL,
	`status` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_required_before_activation` integer DEFAULT false NOT NULL,
	`refresher_months` integer,
	`completion_window_days` integer,
	`minimum_completion_version` integer DEFAULT 1 NOT NULL,
	`status_note` text,
	`status_since` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "training_modules_owner_check" CHECK(owner_agency IN ('DEA', 'HSI', 'joint')),
	CONSTRAINT "training_modules_audience_check" CHECK(audience IN ('hsi_agents', 'dea_agents', 'both')),
	CONSTRAINT "training_modules_status_check" CHECK(status IN ('draft', 'in_review', 'disputed', 'published', 'retired')),
	CONSTRAINT "training_modules_refresher_check" CHECK(refresher_months IS NULL OR refresher_months > 0),
	CONSTRAINT "training_modules_window_check" CHECK(completion_window_days IS NULL OR completion_window_days > 0)
);
--> statement-breakpoint
INSERT INTO `__new_training_modules`("id", "code", "title", "owner_agency", "audience", "status", "version", "is_required_before_activation", "refresher_months", "completion_window_days", "minimum_completion_version", "status_note", "status_since", "created_at", "updated_at") SELECT "id", "code", "title", "owner_agency", "audience", "status", "version", "is_required_before_activation", "refresher_months", NULL, "minimum_completion_version", "status_note", "status_since", "created_at", "updated_at" FROM `training_modules`;--> statement-breakpoint
DROP TABLE `training_modules`;--> statement-breakpoint
ALTER TABLE `__new_training_modules` RENAME TO `training_modules`;--> statement-breakpoint
CREATE UNIQUE INDEX `training_modules_code_unique` ON `training_modules` (`code`);--> statement-breakpoint
-- Completions are append-only, like the other histories: a mistake is corrected by a later record.
CREATE TRIGGER training_completions_no_update BEFORE UPDATE ON training_completions
BEGIN SELECT RAISE(ABORT, 'training_completions is append-only'); END;--> statement-breakpoint
CREATE TRIGGER training_completions_no_delete BEFORE DELETE ON training_completions
BEGIN SELECT RAISE(ABORT, 'training_completions is append-only'); END;
