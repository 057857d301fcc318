DROP INDEX `request_events_actor_idx`;--> statement-breakpoint
DROP INDEX `request_events_division_idx`;--> statement-breakpoint
CREATE INDEX `request_events_actor_idx` ON `request_events` (`actor_user_id`) WHERE "request_events"."actor_user_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `request_events_division_idx` ON `request_events` (`division_id`) WHERE "request_events"."division_id" IS NOT NULL;--> statement-breakpoint
DROP INDEX `requests_routed_division_state_idx`;--> statement-breakpoint
DROP INDEX `requests_renews_idx`;--> statement-breakpoint
DROP INDEX `requests_created_by_idx`;--> statement-breakpoint
CREATE INDEX `requests_routed_division_state_idx` ON `requests` (`routed_division_id`,`state`) WHERE "requests"."routed_division_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `requests_renews_idx` ON `requests` (`renews_designation_id`) WHERE "requests"."renews_designation_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `requests_created_by_idx` ON `requests` (`created_by_user_id`) WHERE "requests"."created_by_user_id" IS NOT NULL;