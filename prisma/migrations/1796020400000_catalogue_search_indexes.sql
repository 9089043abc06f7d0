-- Up Migration
-- The catalogue at scale (docs/product.md § Job tasks, docs/performance.md § Catalogue at scale):
-- free text is a case-insensitive substring match (ILIKE), which a B-tree cannot serve. Trigram GIN
-- indexes (pg_trgm, a trusted contrib extension shipped with PostgreSQL) can, for patterns of three
-- characters or more. Each record type has one index over the text its search reads, joined by a
-- line feed: the search text cannot contain control characters (ListQueryDto), so a match never
-- spans two fields. The queries repeat these expressions exactly (catalogue/search-text.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX job_tasks_search_trgm_idx ON job_tasks USING gin ((title || E'\n' || text) gin_trgm_ops);
CREATE INDEX job_descriptions_search_trgm_idx ON job_descriptions USING gin ((
  title || E'\n' || coalesce(task_summary, '') || E'\n' || coalesce(reports_to, '') || E'\n' ||
  coalesce(direct_reports, '') || E'\n' || coalesce(deputy_for, '') || E'\n' || coalesce(deputized_by, '') || E'\n' ||
  coalesce(authorities, '') || E'\n' || coalesce(education, '') || E'\n' || coalesce(other_skills, '')
) gin_trgm_ops);
CREATE INDEX tags_name_trgm_idx ON tags USING gin (name gin_trgm_ops);

-- Lists show live records by default, sorted by title key: the keyset walks this index.
CREATE INDEX job_tasks_live_title_key_idx ON job_tasks (title_key, id) WHERE deleted_at IS NULL;
CREATE INDEX job_descriptions_live_title_key_idx ON job_descriptions (title_key, id) WHERE deleted_at IS NULL;

-- How many live and soft-deleted records each catalogue has, kept exact by statement-level
-- triggers: the unfiltered list's `total` is read from here instead of counting 100,000 rows per page
-- (a count(*) of that many rows costs ~20 ms, the whole page budget). Only a change of the number of
-- rows or of `deleted_at` writes the counter row, so ordinary edits never wait for it.
CREATE TABLE catalogue_counts (
  entity_type lock_entity_type PRIMARY KEY,
  live        integer NOT NULL CHECK (live >= 0),
  deleted     integer NOT NULL CHECK (deleted >= 0)
);
INSERT INTO catalogue_counts (entity_type, live, deleted)
  SELECT 'JobTask'::lock_entity_type, count(*) FILTER (WHERE deleted_at IS NULL), count(*) FILTER (WHERE deleted_at IS NOT NULL) FROM job_tasks
  UNION ALL
  SELECT 'JobDescription'::lock_entity_type, count(*) FILTER (WHERE deleted_at IS NULL), count(*) FILTER (WHERE deleted_at IS NOT NULL)
    FROM job_descriptions;

CREATE FUNCTION catalogue_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kind lock_entity_type := TG_ARGV[0];
  live_delta integer := 0;
  deleted_delta integer := 0;
  live_rows integer;
  deleted_rows integer;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    UPDATE catalogue_counts SET live = 0, deleted = 0 WHERE entity_type = kind;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    SELECT count(*) FILTER (WHERE deleted_at IS NULL), count(*) FILTER (WHERE deleted_at IS NOT NULL)
      INTO live_rows, deleted_rows FROM new_rows;
    live_delta := live_delta + live_rows;
    deleted_delta := deleted_delta + deleted_rows;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    SELECT count(*) FILTER (WHERE deleted_at IS NULL), count(*) FILTER (WHERE deleted_at IS NOT NULL)
      INTO live_rows, deleted_rows FROM old_rows;
    live_delta := live_delta - live_rows;
    deleted_delta := deleted_delta - deleted_rows;
  END IF;
  IF live_delta <> 0 OR deleted_delta <> 0 THEN
    UPDATE catalogue_counts SET live = live + live_delta, deleted = deleted + deleted_delta WHERE entity_type = kind;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER job_tasks_count_insert AFTER INSERT ON job_tasks REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_counts_apply('JobTask');
CREATE TRIGGER job_tasks_count_update AFTER UPDATE ON job_tasks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_counts_apply('JobTask');
CREATE TRIGGER job_tasks_count_delete AFTER DELETE ON job_tasks REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_counts_apply('JobTask');
CREATE TRIGGER job_tasks_count_truncate AFTER TRUNCATE ON job_tasks
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_counts_apply('JobTask');
CREATE TRIGGER job_descriptions_count_insert AFTER INSERT ON job_descriptions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_counts_apply('JobDescription');
CREATE TRIGGER job_descriptions_count_update AFTER UPDATE ON job_descriptions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_counts_apply('JobDescription');
CREATE TRIGGER job_descriptions_count_delete AFTER DELETE ON job_descriptions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_counts_apply('JobDescription');
CREATE TRIGGER job_descriptions_count_truncate AFTER TRUNCATE ON job_descriptions
  FOR EACH STATEMENT EXECUTE FUNCTION catalogue_counts_apply('JobDescription');

-- Down Migration
DROP TRIGGER job_descriptions_count_truncate ON job_descriptions;
DROP TRIGGER job_descriptions_count_delete ON job_descriptions;
DROP TRIGGER job_descriptions_count_update ON job_descriptions;
DROP TRIGGER job_descriptions_count_insert ON job_descriptions;
DROP TRIGGER job_tasks_count_truncate ON job_tasks;
DROP TRIGGER job_tasks_count_delete ON job_tasks;
DROP TRIGGER job_tasks_count_update ON job_tasks;
DROP TRIGGER job_tasks_count_insert ON job_tasks;
DROP FUNCTION catalogue_counts_apply();
DROP TABLE catalogue_counts;
DROP INDEX job_descriptions_live_title_key_idx;
DROP INDEX job_tasks_live_title_key_idx;
DROP INDEX tags_name_trgm_idx;
DROP INDEX job_descriptions_search_trgm_idx;
DROP INDEX job_tasks_search_trgm_idx;
DROP EXTENSION IF EXISTS pg_trgm;
