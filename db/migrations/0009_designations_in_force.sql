DROP INDEX `designations_ends_on_idx`;--> statement-breakpoint
CREATE INDEX `designations_in_force_idx` ON `designations` (`ends_on`,`starts_on`,`request_id`);