-- The audit log is append-only (spec 05): a second layer beside the database role's privileges.
CREATE FUNCTION jitsudo_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_append_only
  BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION jitsudo_audit_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION jitsudo_audit_append_only();
--> statement-breakpoint
-- The chain head starts empty: event 1 has prev_hash "".
INSERT INTO "audit_head" ("singleton", "last_id", "last_hash", "last_timestamp") VALUES (1, 0, '', '');
