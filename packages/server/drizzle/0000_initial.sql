CREATE TABLE "approvals" (
	"request_id" text NOT NULL,
	"approver_identity" text NOT NULL,
	"comment" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "approvals_request_id_approver_identity_pk" PRIMARY KEY("request_id","approver_identity")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY NOT NULL,
	"timestamp" text NOT NULL,
	"actor_identity" text NOT NULL,
	"action" text NOT NULL,
	"request_id" text,
	"provider" text,
	"resource_scope" text,
	"outcome" text NOT NULL,
	"details_json" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_head" (
	"singleton" smallint PRIMARY KEY NOT NULL,
	"last_id" bigint NOT NULL,
	"last_hash" text NOT NULL,
	"last_timestamp" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credentials" (
	"request_id" text PRIMARY KEY NOT NULL,
	"ciphertext" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"run_at" timestamp (3) with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"locked_by" text,
	"locked_until" timestamp (3) with time zone,
	"last_error" text,
	"dedupe_key" text
);
--> statement-breakpoint
CREATE TABLE "policies" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"rego" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"enabled" boolean NOT NULL,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"updated_by" text,
	CONSTRAINT "policies_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "principals" (
	"identity" text PRIMARY KEY NOT NULL,
	"trust_tier" smallint DEFAULT 0 NOT NULL,
	"notes" text,
	"enrolled_by" text,
	"enrolled_at" timestamp (3) with time zone,
	"last_seen_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "requests" (
	"id" text PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"requester_identity" text NOT NULL,
	"requester_groups" jsonb NOT NULL,
	"provider" text NOT NULL,
	"role" text NOT NULL,
	"resource_scope" text NOT NULL,
	"duration_seconds" integer NOT NULL,
	"reason" text NOT NULL,
	"break_glass" boolean NOT NULL,
	"metadata" jsonb NOT NULL,
	"approver_tier" text NOT NULL,
	"required_approvals" integer NOT NULL,
	"approval_count" integer DEFAULT 0 NOT NULL,
	"approver_groups" jsonb NOT NULL,
	"approver_identity" text,
	"approver_comment" text,
	"ai_reasoning" text,
	"created_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp (3) with time zone NOT NULL,
	"approved_at" timestamp (3) with time zone,
	"activated_at" timestamp (3) with time zone,
	"expires_at" timestamp (3) with time zone,
	"ended_at" timestamp (3) with time zone,
	"last_error" text,
	"revoke_token" text,
	"reviewed_at" timestamp (3) with time zone,
	"reviewed_by" text
);
--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credentials" ADD CONSTRAINT "credentials_request_id_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_request_id_idx" ON "audit_events" USING btree ("request_id","id");--> statement-breakpoint
CREATE INDEX "audit_actor_id_idx" ON "audit_events" USING btree ("actor_identity","id");--> statement-breakpoint
CREATE INDEX "audit_provider_id_idx" ON "audit_events" USING btree ("provider","id");--> statement-breakpoint
CREATE INDEX "audit_action_id_idx" ON "audit_events" USING btree ("action","id");--> statement-breakpoint
CREATE INDEX "audit_timestamp_idx" ON "audit_events" USING btree ("timestamp");--> statement-breakpoint
CREATE INDEX "jobs_run_at_idx" ON "jobs" USING btree ("run_at");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_dedupe_key_idx" ON "jobs" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "requests_state_id_idx" ON "requests" USING btree ("state","id");--> statement-breakpoint
CREATE INDEX "requests_requester_id_idx" ON "requests" USING btree ("requester_identity","id");--> statement-breakpoint
CREATE INDEX "requests_provider_id_idx" ON "requests" USING btree ("provider","id");--> statement-breakpoint
CREATE INDEX "requests_break_glass_unreviewed_idx" ON "requests" USING btree ("id") WHERE "requests"."break_glass" and "requests"."reviewed_at" is null;