CREATE TABLE `training_dispute_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`dispute_id` integer NOT NULL,
	`level` text NOT NULL,
	`on` text NOT NULL,
	`note` text,
	`actor_user_id` integer,
	`actor_name` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`dispute_id`) REFERENCES `training_disputes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "training_dispute_steps_level_check" CHECK(level IN ('working_group', 'headquarters', 'formal_mechanism'))
);
--> statement-breakpoint
CREATE INDEX `training_dispute_steps_dispute_idx` ON `training_dispute_steps` (`dispute_id`);--> statement-breakpoint
CREATE INDEX `training_dispute_steps_actor_idx` ON `training_dispute_steps` (`actor_user_id`);--> statement-breakpoint
CREATE TABLE `training_disputes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`module_id` integer NOT NULL,
	`point` text NOT NULL,
	`raised_by_agency` text NOT NULL,
	`raised_on` text NOT NULL,
	`level` text NOT NULL,
	`resolved_on` text,
	`resolution` text,
	`created_by_user_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`module_id`) REFERENCES `training_modules`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "training_disputes_agency_check" CHECK(raised_by_agency IN ('DEA', 'HSI', 'both')),
	CONSTRAINT "training_disputes_level_check" CHECK(level IN ('working_group', 'headquarters', 'formal_mechanism')),
	CONSTRAINT "training_disputes_resolution_check" CHECK((resolved_on IS NULL) = (resolution IS NULL))
);
--> statement-breakpoint
CREATE INDEX `training_disputes_module_idx` ON `training_disputes` (`module_id`);--> statement-breakpoint
CREATE INDEX `training_disputes_created_by_idx` ON `training_disputes` (`created_by_user_id`);--> statement-breakpoint
CREATE TABLE `training_module_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`module_id` integer NOT NULL,
	`action` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`version` integer NOT NULL,
	`actor_user_id` integer,
	`actor_name` text NOT NULL,
	`at` integer NOT NULL,
	`note` text,
	`details` text,
	FOREIGN KEY (`module_id`) REFERENCES `training_modules`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "training_module_events_action_check" CHECK(action IN ('create', 'edit', 'submit_for_review', 'send_back', 'dispute', 'resume_review', 'publish', 'new_version', 'retire')),
	CONSTRAINT "training_module_events_to_status_check" CHECK(to_status IN ('draft', 'in_review', 'disputed', 'published', 'retired')),
	CONSTRAINT "training_module_events_from_status_check" CHECK(from_status IS NULL OR from_status IN ('draft', 'in_review', 'disputed', 'published', 'retired'))
);
--> statement-breakpoint
CREATE INDEX `training_module_events_module_at_idx` ON `training_module_events` (`module_id`,`at`);--> statement-breakpoint
CREATE INDEX `training_module_events_actor_idx` ON `training_module_events` (`actor_user_id`);--> statement-breakpoint
ALTER TABLE `training_modules` ADD `minimum_completion_version` integer DEFAULT 1 NOT NULL;