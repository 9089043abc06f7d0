-- Up Migration
-- Event ids are assigned at commit (docs/adr/0015-event-log-in-postgresql.md § 2): a transaction
-- stages its events in `pending_events`, and a deferred constraint trigger appends them to the log
-- while the transaction commits. The advisory lock that keeps ids in commit order is then held
-- from the trigger to the end of the commit only — never across a round trip to the API, which
-- under load made every event-writing transaction wait for another one's client.

-- Staged events of running transactions; a row never outlives its transaction (the trigger deletes
-- it before the commit), so the table is unlogged and nearly always empty.
CREATE UNLOGGED TABLE pending_events (
  seq    bigserial PRIMARY KEY,
  -- Set when the writer wants its events back after the commit (EventLog's in-process observers).
  batch  text,
  -- A JSON array of {type, data, userId, clientId}, `data` already JSON text.
  events text NOT NULL
);

ALTER TABLE events ADD COLUMN batch text;
CREATE INDEX events_batch_idx ON events (batch) WHERE batch IS NOT NULL;

-- At commit: appends the transaction's staged events under the advisory lock, and announces them: the NOTIFY
-- (delivered at commit, in commit order) carries the events as lines "<id> <envelope>" when they
-- fit into a notification, else only the newest id, and the listeners read the rows. Fires once
-- per staged row; the first firing takes them all, later ones find nothing.
CREATE FUNCTION append_pending_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  p pending_events;
  e jsonb;
  v_id bigint;
  v_at timestamptz;
  v_envelope text;
  v_lines text := '';
BEGIN
  -- Only this transaction's rows are visible here: others' are uncommitted, and none is ever committed.
  FOR p IN SELECT * FROM pending_events ORDER BY seq LOOP
    IF v_at IS NULL THEN
      PERFORM pg_advisory_xact_lock(7412001);
      v_at := clock_timestamp();
    END IF;
    FOR e IN SELECT value FROM jsonb_array_elements(p.events::jsonb) LOOP
      v_id := nextval('events_id_seq');
      v_envelope := '{"id":' || v_id
        || ',"type":' || to_json(e->>'type')::text
        || ',"data":' || (e->>'data')
        || ',"userId":' || coalesce(e->>'userId', 'null')
        || ',"clientId":' || coalesce(to_json(e->>'clientId')::text, 'null')
        || ',"timestamp":"' || to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"}';
      INSERT INTO events (id, envelope, created_at, batch) VALUES (v_id, v_envelope, v_at, p.batch);
      v_lines := v_lines || v_id || ' ' || v_envelope || E'\n';
    END LOOP;
  END LOOP;
  IF v_at IS NOT NULL THEN
    DELETE FROM pending_events;
  END IF;
  IF v_id IS NOT NULL THEN
    PERFORM pg_notify('tdgen_events', CASE WHEN octet_length(v_lines) < 7900 THEN v_lines ELSE v_id::text END);
  END IF;
  RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER pending_events_append_at_commit
  AFTER INSERT ON pending_events DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION append_pending_events();

-- An instance of the previous release (during a rolling update) still calls record_events(): its
-- events are staged the same way and get their ids at commit; it no longer sees them returned.
CREATE OR REPLACE FUNCTION record_events(p_events jsonb) RETURNS SETOF events LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO pending_events (events) VALUES (p_events::text);
END
$$;

-- Down Migration
CREATE OR REPLACE FUNCTION record_events(p_events jsonb) RETURNS SETOF events LANGUAGE plpgsql AS $$
DECLARE
  e jsonb;
  v_id bigint;
  v_at timestamptz := clock_timestamp();
  v_row events;
  v_lines text := '';
BEGIN
  PERFORM pg_advisory_xact_lock(7412001);
  FOR e IN SELECT value FROM jsonb_array_elements(p_events) LOOP
    v_id := nextval('events_id_seq');
    INSERT INTO events (id, envelope, created_at)
    VALUES (
      v_id,
      '{"id":' || v_id
        || ',"type":' || to_json(e->>'type')::text
        || ',"data":' || (e->>'data')
        || ',"userId":' || coalesce(e->>'userId', 'null')
        || ',"clientId":' || coalesce(to_json(e->>'clientId')::text, 'null')
        || ',"timestamp":"' || to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"}',
      v_at)
    RETURNING * INTO v_row;
    v_lines := v_lines || v_id || ' ' || v_row.envelope || E'\n';
    RETURN NEXT v_row;
  END LOOP;
  IF v_id IS NOT NULL THEN
    PERFORM pg_notify('tdgen_events', CASE WHEN octet_length(v_lines) < 7900 THEN v_lines ELSE v_id::text END);
  END IF;
END
$$;
DROP TRIGGER pending_events_append_at_commit ON pending_events;
DROP FUNCTION append_pending_events();
DROP INDEX events_batch_idx;
ALTER TABLE events DROP COLUMN batch;
DROP TABLE pending_events;
