CREATE TABLE `agents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`badge` text NOT NULL,
	`name` text NOT NULL,
	`hsi_office_id` integer NOT NULL,
	`duty_station` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`hsi_office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agents_badge_unique` ON `agents` (`badge`);--> statement-breakpoint
CREATE INDEX `agents_office_idx` ON `agents` (`hsi_office_id`);--> statement-breakpoint
CREATE INDEX `agents_name_idx` ON `agents` (`name`);--> statement-breakpoint
CREATE TABLE `designations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`agent_id` integer NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `designations_request_unique` ON `designations` (`request_id`);--> statement-breakpoint
CREATE INDEX `designations_agent_idx` ON `designations` (`agent_id`);--> statement-breakpoint
CREATE INDEX `designations_ends_on_idx` ON `designations` (`ends_on`);--> statement-breakpoint
CREATE TABLE `offices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`agency` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	CONSTRAINT "offices_agency_check" CHECK(agency IN ('HSI', 'DEA')),
	CONSTRAINT "offices_kind_check" CHECK(kind IN ('headquarters', 'field_office', 'division'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offices_code_unique` ON `offices` (`code`);--> statement-breakpoint
CREATE INDEX `offices_kind_idx` ON `offices` (`kind`);--> statement-breakpoint
CREATE TABLE `ref_counters` (
	`fiscal_year` integer PRIMARY KEY NOT NULL,
	`last_number` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `request_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`action` text NOT NULL,
	`from_state` text,
	`to_state` text NOT NULL,
	`actor_user_id` integer,
	`actor_name` text NOT NULL,
	`actor_role` text,
	`at` integer NOT NULL,
	`reason` text,
	`reason_category` text,
	`division_id` integer,
	`details` text,
	`is_imported` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`division_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "request_events_action_check" CHECK(action IN ('create', 'submit', 'endorse', 'route', 'concur', 'nonconcur', 'approve', 'deny', 'return', 'resubmit', 'withdraw', 'expire', 'rescind', 'activate', 'edit')),
	CONSTRAINT "request_events_to_state_check" CHECK(to_state IN ('draft', 'hsi_review', 'dea_hq_review', 'division_review', 'dea_decision', 'returned', 'pending_training', 'active', 'denied', 'withdrawn', 'expired', 'rescinded')),
	CONSTRAINT "request_events_from_state_check" CHECK(from_state IS NULL OR from_state IN ('draft', 'hsi_review', 'dea_hq_review', 'division_review', 'dea_decision', 'returned', 'pending_training', 'active', 'denied', 'withdrawn', 'expired', 'rescinded'))
);
--> statement-breakpoint
CREATE INDEX `request_events_request_at_idx` ON `request_events` (`request_id`,`at`);--> statement-breakpoint
CREATE INDEX `request_events_actor_idx` ON `request_events` (`actor_user_id`);--> statement-breakpoint
CREATE INDEX `request_events_division_idx` ON `request_events` (`division_id`);--> statement-breakpoint
CREATE INDEX `request_events_action_at_idx` ON `request_events` (`action`,`at`);--> statement-breakpoint
CREATE TABLE `requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ref` text NOT NULL,
	`kind` text NOT NULL,
	`state` text NOT NULL,
	`agent_id` integer NOT NULL,
	`hsi_office_id` integer NOT NULL,
	`dea_division_id` integer NOT NULL,
	`routed_division_id` integer,
	`border_nexus` text NOT NULL,
	`renews_designation_id` integer,
	`returned_from_state` text,
	`created_by_user_id` integer,
	`submission_key` text,
	`is_imported` integer DEFAULT false NOT NULL,
	`first_submitted_at` integer,
	`last_event_at` integer NOT NULL,
	`state_entered_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`hsi_office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`dea_division_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`routed_division_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "requests_kind_check" CHECK(kind IN ('initial', 'renewal')),
	CONSTRAINT "requests_state_check" CHECK(state IN ('draft', 'hsi_review', 'dea_hq_review', 'division_review', 'dea_decision', 'returned', 'pending_training', 'active', 'denied', 'withdrawn', 'expired', 'rescinded')),
	CONSTRAINT "requests_returned_from_check" CHECK(returned_from_state IS NULL OR returned_from_state IN ('draft', 'hsi_review', 'dea_hq_review', 'division_review', 'dea_decision', 'returned', 'pending_training', 'active', 'denied', 'withdrawn', 'expired', 'rescinded'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `requests_ref_unique` ON `requests` (`ref`);--> statement-breakpoint
CREATE UNIQUE INDEX `requests_submission_key_unique` ON `requests` (`created_by_user_id`,`submission_key`);--> statement-breakpoint
CREATE INDEX `requests_agent_idx` ON `requests` (`agent_id`);--> statement-breakpoint
CREATE INDEX `requests_state_idx` ON `requests` (`state`);--> statement-breakpoint
CREATE INDEX `requests_office_state_idx` ON `requests` (`hsi_office_id`,`state`);--> statement-breakpoint
CREATE INDEX `requests_division_idx` ON `requests` (`dea_division_id`);--> statement-breakpoint
CREATE INDEX `requests_routed_division_state_idx` ON `requests` (`routed_division_id`,`state`);--> statement-breakpoint
CREATE INDEX `requests_renews_idx` ON `requests` (`renews_designation_id`);--> statement-breakpoint
CREATE INDEX `requests_created_by_idx` ON `requests` (`created_by_user_id`);--> statement-breakpoint
CREATE INDEX `requests_first_submitted_idx` ON `requests` (`first_submitted_at`);--> statement-breakpoint
CREATE TABLE `timeliness_goals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`stage` text NOT NULL,
	`business_days` integer NOT NULL,
	`warning_share` real DEFAULT 0.8 NOT NULL,
	`effective_from` text NOT NULL,
	`note` text,
	`created_by_user_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "timeliness_goals_stage_check" CHECK(stage IN ('hsi_review', 'dea_hq_review', 'division_review', 'dea_decision', 'end_to_end')),
	CONSTRAINT "timeliness_goals_days_check" CHECK(business_days > 0),
	CONSTRAINT "timeliness_goals_share_check" CHECK(warning_share > 0 AND warning_share <= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `timeliness_goals_stage_from_unique` ON `timeliness_goals` (`stage`,`effective_from`);--> statement-breakpoint
CREATE INDEX `timeliness_goals_created_by_idx` ON `timeliness_goals` (`created_by_user_id`);--> statement-breakpoint
CREATE TABLE `training_modules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`title` text NOT NULL,
	`owner_agency` text NOT NULL,
	`audience` text NOT NULL,
	`status` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`is_required_before_activation` integer DEFAULT false NOT NULL,
	`refresher_months` integer,
	`status_note` text,
	`status_since` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "training_modules_owner_check" CHECK(owner_agency IN ('DEA', 'HSI', 'joint')),
	CONSTRAINT "training_modules_audience_check" CHECK(audience IN ('hsi_agents', 'dea_agents', 'both')),
	CONSTRAINT "training_modules_status_check" CHECK(status IN ('draft', 'in_review', 'disputed', 'published', 'retired'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `training_modules_code_unique` ON `training_modules` (`code`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`office_id` integer,
	`is_active` integer DEFAULT true NOT NULL,
	`auth_version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`last_sign_in_at` integer,
	FOREIGN KEY (`office_id`) REFERENCES `offices`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "users_role_check" CHECK(role IN ('supervisor', 'hsi_hq', 'dea_hq', 'dea_division', 'auditor', 'admin'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_office_idx` ON `users` (`office_id`);