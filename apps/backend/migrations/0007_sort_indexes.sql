-- btree_gin lets one GIN index hold the user id beside the tags (a contrib extension, like pg_trgm in 0000).
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
DROP INDEX "tasks_tags_idx";--> statement-breakpoint
CREATE INDEX "tasks_user_updated_idx" ON "tasks" USING btree ("user_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "tasks_user_priority_idx" ON "tasks" USING btree ("user_id","priority","id");--> statement-breakpoint
CREATE INDEX "tasks_user_due_order_idx" ON "tasks" USING btree ("user_id",coalesce("due_at", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "tasks_user_tags_idx" ON "tasks" USING gin ("user_id","tags");