CREATE TYPE "public"."audit_origin" AS ENUM('rest', 'chat', 'mcp');--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" text NOT NULL,
	"action" varchar(64) NOT NULL,
	"target_id" text,
	"request_id" varchar(128) NOT NULL,
	"ip" varchar(64),
	"user_agent" varchar(512),
	"origin" "audit_origin" NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_events_user_created_idx" ON "audit_events" USING btree ("user_id","created_at","id");