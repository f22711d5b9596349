ALTER TABLE "conversations" ADD COLUMN "turn_until" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "idempotency_key" varchar(64);--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "tool_calls" jsonb;--> statement-breakpoint
CREATE UNIQUE INDEX "messages_user_idempotency_key_idx" ON "messages" USING btree ("user_id","idempotency_key");