-- Appends events to the audit chain (spec 05, "Hash chain") inside the calling transaction.
-- `events` is a JSON array of objects with the fields of audit_events but id, prev_hash and hash
-- (request_id, provider and resource_scope may be null), in the order they happened. The head is
-- locked here, so a transaction should call this as its last statement: the lock is then held
-- for this call and the commit only. A timestamp behind the previous event's (another instance's
-- clock ahead of ours) is raised to it, so timestamps never go back in id order. Returns the last id.
-- The hash formula is also in the product's audit-log reference and in `eventHash` (audit/chain.ts).
CREATE FUNCTION jitsudo_audit_append(events jsonb) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  head_id bigint;
  head_hash text;
  head_timestamp text;
  e jsonb;
  event_timestamp text;
  event_hash text;
BEGIN
  SELECT last_id, last_hash, last_timestamp INTO head_id, head_hash, head_timestamp
    FROM audit_head WHERE singleton = 1 FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'the audit chain head is missing; run jitsudod migrate';
  END IF;
  FOR i IN 0 .. jsonb_array_length(events) - 1 LOOP
    e := events -> i;
    head_id := head_id + 1;
    event_timestamp := e ->> 'timestamp';
    IF event_timestamp COLLATE "C" < head_timestamp COLLATE "C" THEN
      event_timestamp := head_timestamp;
    END IF;
    event_hash := encode(sha256(convert_to(
      head_hash || '|' || head_id::text || '|' || event_timestamp || '|' || (e ->> 'actor_identity') || '|' ||
      (e ->> 'action') || '|' || coalesce(e ->> 'request_id', '') || '|' || (e ->> 'outcome') || '|' ||
      (e ->> 'details_json'), 'UTF8')), 'hex');
    -- A missing field makes the hash null, which the NOT NULL column refuses: the transaction fails.
    INSERT INTO audit_events (id, "timestamp", actor_identity, action, request_id, provider, resource_scope,
                              outcome, details_json, prev_hash, hash)
      VALUES (head_id, event_timestamp, e ->> 'actor_identity', e ->> 'action', e ->> 'request_id',
              e ->> 'provider', e ->> 'resource_scope', e ->> 'outcome', e ->> 'details_json', head_hash,
              event_hash);
    head_hash := event_hash;
    head_timestamp := event_timestamp;
  END LOOP;
  UPDATE audit_head SET last_id = head_id, last_hash = head_hash, last_timestamp = head_timestamp
    WHERE singleton = 1;
  RETURN head_id;
END;
$$;
