-- Up Migration
-- Stream bookkeeping in batches (docs/adr/0015-event-log-in-postgresql.md § 5): each instance
-- queues its streams' opens and closes and writes many in one statement, on at most one pool
-- connection for opens and one for closes, so a burst (thousands of streams closing at once) never
-- starves requests and sweepers of connections, and a close that fails is retried, never lost.
-- The single-stream functions of migration 1796019869827 stay for instances of the previous release.

-- Records opening streams (arrays of equal length, in arrival order); returns the connection ids
-- recorded. A user already at p_max streams on all instances gets no more: the users' advisory
-- locks are taken in ascending order (two batches never deadlock), then each user's streams are
-- counted once per batch and the batch's openings take the free places in order — the cap is as
-- exact as one open at a time. Tabs' rows are locked in (user_id, client_id) order, as everywhere.
CREATE FUNCTION open_event_streams(p_connection_ids varchar[], p_instance_id varchar, p_user_ids integer[],
                                   p_client_ids varchar[], p_session_ids varchar[], p_max integer)
RETURNS SETOF varchar LANGUAGE plpgsql AS $$
DECLARE
  v_user integer;
BEGIN
  FOR v_user IN SELECT DISTINCT u FROM unnest(p_user_ids) AS u ORDER BY u LOOP
    PERFORM pg_advisory_xact_lock(7412003, v_user);
  END LOOP;
  -- A new statement, so a new snapshot: it sees every opening committed before the locks were ours.
  RETURN QUERY
  WITH asked AS (
    SELECT a.connection_id, a.user_id, a.client_id, a.session_id,
           row_number() OVER (PARTITION BY a.user_id ORDER BY a.n) AS place
    FROM unnest(p_connection_ids, p_user_ids, p_client_ids, p_session_ids)
         WITH ORDINALITY AS a(connection_id, user_id, client_id, session_id, n)
  ), held AS (
    SELECT s.user_id, count(*) AS streams FROM event_streams s
    WHERE s.user_id = ANY (p_user_ids) GROUP BY s.user_id
  ), accepted AS (
    SELECT asked.* FROM asked LEFT JOIN held ON held.user_id = asked.user_id
    WHERE coalesce(held.streams, 0) + asked.place <= p_max
  ), tabs AS (
    INSERT INTO browser_tabs AS t (user_id, client_id, closed_at)
    SELECT DISTINCT accepted.user_id, accepted.client_id, NULL::timestamptz FROM accepted ORDER BY 1, 2
    ON CONFLICT (user_id, client_id) DO UPDATE SET closed_at = NULL
  ), streams AS (
    INSERT INTO event_streams (connection_id, instance_id, user_id, client_id, session_id)
    SELECT accepted.connection_id, p_instance_id, accepted.user_id, accepted.client_id, accepted.session_id
    FROM accepted
    ON CONFLICT (connection_id) DO NOTHING
  )
  SELECT accepted.connection_id FROM accepted;
END
$$;

-- Forgets closed streams (arrays of equal length: connection, user, tab); returns the tabs whose
-- last stream on any instance is gone, which count as closed since now. As close_event_stream,
-- per tab: the tabs' rows are locked first (in order), then the streams removed.
CREATE FUNCTION close_event_streams(p_connection_ids varchar[], p_user_ids integer[], p_client_ids varchar[])
RETURNS TABLE (user_id integer, client_id varchar) LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
  PERFORM 1 FROM browser_tabs t
  WHERE (t.user_id, t.client_id) IN (SELECT x.u, x.c FROM unnest(p_user_ids, p_client_ids) AS x(u, c))
  ORDER BY t.user_id, t.client_id FOR UPDATE OF t;
  DELETE FROM event_streams s WHERE s.connection_id = ANY (p_connection_ids);
  RETURN QUERY
  UPDATE browser_tabs t SET closed_at = now()
  FROM (SELECT DISTINCT x.u, x.c FROM unnest(p_user_ids, p_client_ids) AS x(u, c)) AS x
  WHERE t.user_id = x.u AND t.client_id = x.c AND t.closed_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM event_streams s WHERE s.user_id = t.user_id AND s.client_id = t.client_id)
  RETURNING t.user_id, t.client_id;
END
$$;

-- Down Migration
DROP FUNCTION close_event_streams(varchar[], integer[], varchar[]);
DROP FUNCTION open_event_streams(varchar[], varchar, integer[], varchar[], varchar[], integer);
