CREATE TABLE `request_timings` (
	`request_id` integer PRIMARY KEY NOT NULL,
	`first_submitted_on` text,
	`decision` text NOT NULL,
	`decided_at` integer NOT NULL,
	`decided_on` text NOT NULL,
	`hsi_review_days` integer,
	`dea_hq_review_days` integer,
	`division_review_days` integer,
	`dea_decision_days` integer,
	`end_to_end_days` integer,
	`end_to_end_calendar_days` integer,
	`requester_days` integer NOT NULL,
	`requester_calendar_days` integer NOT NULL,
	`returns` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "request_timings_decision_check" CHECK(decision IN ('approve', 'deny'))
);
--> statement-breakpoint
CREATE INDEX `request_timings_decided_on_idx` ON `request_timings` (`decided_on`);