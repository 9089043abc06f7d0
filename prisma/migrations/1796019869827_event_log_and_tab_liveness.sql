-- Up Migration
-- The durable event log (docs/adr/0015-event-log-in-postgresql.md): every domain and lock event,
-- written in the transaction of the change it describes. `envelope` is the wire JSON, serialized
-- once here, so live delivery and replay only copy it.
CREATE TABLE events (
  id         bigint PRIMARY KEY,
  envelope   text NOT NULL,
  created_at timestamptz(6) NOT NULL DEFAULT now()
);
CREATE INDEX events_created_at_idx ON events (created_at);
CREATE SEQUENCE events_id_seq AS bigint OWNED BY events.id;

-- The highest id the pruner removed: a Last-Event-ID below it gets `resync`.
CREATE TABLE event_log_state (
  id             smallint PRIMARY KEY CHECK (id = 1),
  pruned_through bigint NOT NULL DEFAULT 0
);
INSERT INTO event_log_state (id) VALUES (1);

-- Appends events (a JSON array of {type, data, userId, clientId}, `data` already JSON text) and
-- announces them: the NOTIFY (delivered at commit, in commit order) carries the events as lines
-- "<id> <envelope>" when they fit into a notification, else only the newest id, and the listeners
-- read the rows. The transaction-level advisory lock serializes id assignment with the
-- commit: ids become visible in id order, so a reader that delivered id N never later finds a
-- committed id below N. Called as the last statement of a transaction, so the lock is held only
-- for the insert and the commit.
CREATE FUNCTION record_events(p_events jsonb) RETURNS SETOF events LANGUAGE plpgsql AS $$
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

-- API instances and their heartbeat (docs/adr/0014): an instance silent for INSTANCE_DEAD_AFTER_MS
-- is reaped with its streams by whichever instance notices first.
CREATE TABLE api_instances (
  id           varchar(100) PRIMARY KEY,
  started_at   timestamptz(6) NOT NULL DEFAULT now(),
  heartbeat_at timestamptz(6) NOT NULL DEFAULT now()
);

-- Every open event stream, on which instance (tab liveness, per-user cap).
CREATE TABLE event_streams (
  connection_id varchar(36) PRIMARY KEY,
  instance_id   varchar(100) NOT NULL,
  user_id       integer NOT NULL,
  client_id     varchar(64) NOT NULL,
  session_id    varchar(64),
  opened_at     timestamptz(6) NOT NULL DEFAULT now()
);
CREATE INDEX event_streams_user_id_client_id_idx ON event_streams (user_id, client_id);
CREATE INDEX event_streams_instance_id_idx ON event_streams (instance_id);

-- Browser tabs seen with a stream: since when the last one closed (null while one is open).
CREATE TABLE browser_tabs (
  user_id   integer NOT NULL,
  client_id varchar(64) NOT NULL,
  closed_at timestamptz(6),
  PRIMARY KEY (user_id, client_id)
);
CREATE INDEX browser_tabs_closed_at_idx ON browser_tabs (closed_at);

-- Records an opening stream in one statement (TabLiveness.open): false, and nothing written, when
-- the user already has p_max streams on all instances. One user's openings are serialized by an
-- advisory lock and the tab's row is locked, so the cap and the tab's state stay exact.
CREATE FUNCTION open_event_stream(p_connection_id varchar, p_instance_id varchar, p_user_id integer,
                                  p_client_id varchar, p_session_id varchar, p_max integer)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7412003, p_user_id);
  IF (SELECT count(*) FROM event_streams WHERE user_id = p_user_id) >= p_max THEN
    RETURN false;
  END IF;
  INSERT INTO browser_tabs AS t (user_id, client_id, closed_at) VALUES (p_user_id, p_client_id, NULL)
  ON CONFLICT (user_id, client_id) DO UPDATE SET closed_at = NULL;
  INSERT INTO event_streams (connection_id, instance_id, user_id, client_id, session_id)
  VALUES (p_connection_id, p_instance_id, p_user_id, p_client_id, p_session_id)
  ON CONFLICT (connection_id) DO NOTHING;
  RETURN true;
END
$$;

-- Forgets a closed stream (TabLiveness.close); true when it was the tab's last one on any instance,
-- which then counts as closed since now. The tab's row is locked first, as open_event_stream does.
CREATE FUNCTION close_event_stream(p_connection_id varchar, p_user_id integer, p_client_id varchar)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM browser_tabs WHERE user_id = p_user_id AND client_id = p_client_id FOR UPDATE;
  DELETE FROM event_streams WHERE connection_id = p_connection_id;
  UPDATE browser_tabs t SET closed_at = now()
  WHERE t.user_id = p_user_id AND t.client_id = p_client_id AND t.closed_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM event_streams s WHERE s.user_id = p_user_id AND s.client_id = p_client_id);
  RETURN FOUND;
END
$$;

-- Which tab shows which job description (docs/product.md § Presence).
CREATE TABLE presence (
  user_id            integer NOT NULL,
  client_id          varchar(64) NOT NULL,
  job_description_id integer NOT NULL,
  since              timestamptz(6) NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, client_id)
);

-- Down Migration
DROP FUNCTION close_event_stream(varchar, integer, varchar);
DROP FUNCTION open_event_stream(varchar, varchar, integer, varchar, varchar, integer);
DROP TABLE presence;
DROP TABLE browser_tabs;
DROP TABLE event_streams;
DROP TABLE api_instances;
DROP FUNCTION record_events(jsonb);
DROP TABLE event_log_state;
DROP TABLE events;
