-- Up Migration
CREATE TYPE role AS ENUM ('ADMIN', 'EDITOR');
CREATE TYPE lock_entity_type AS ENUM ('JobTask', 'JobDescription');

CREATE TABLE users (
  id            serial PRIMARY KEY,
  username      varchar(40) NOT NULL,
  display_name  varchar(80) NOT NULL,
  role          role NOT NULL,
  password_hash text NOT NULL,
  created_at    timestamptz(6) NOT NULL DEFAULT now(),
  disabled_at   timestamptz(6)
);
CREATE UNIQUE INDEX users_username_key ON users (username);

CREATE TABLE tags (
  id   serial PRIMARY KEY,
  name varchar(40) NOT NULL CHECK (length(name) BETWEEN 1 AND 40)
);
CREATE UNIQUE INDEX tags_name_key ON tags (name);

CREATE TABLE job_tasks (
  id                    serial PRIMARY KEY,
  title                 varchar(120) NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
  title_key             varchar(120) NOT NULL,
  text                  text NOT NULL DEFAULT '',
  pay_group             smallint CHECK (pay_group BETWEEN 1 AND 15),
  read_only_for_editors boolean NOT NULL DEFAULT false,
  created_at            timestamptz(6) NOT NULL DEFAULT now(),
  created_by_id         integer NOT NULL REFERENCES users (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  updated_at            timestamptz(6) NOT NULL DEFAULT now(),
  updated_by_id         integer NOT NULL REFERENCES users (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  deleted_at            timestamptz(6),
  deleted_by_id         integer REFERENCES users (id) ON UPDATE CASCADE ON DELETE SET NULL
);
-- Titles are unique case-insensitively after trimming, deleted rows included (docs/product.md § Titles).
CREATE UNIQUE INDEX job_tasks_title_key_key ON job_tasks (title_key);

CREATE TABLE job_task_tags (
  job_task_id integer NOT NULL REFERENCES job_tasks (id) ON UPDATE CASCADE ON DELETE CASCADE,
  tag_id      integer NOT NULL REFERENCES tags (id) ON UPDATE CASCADE ON DELETE CASCADE,
  PRIMARY KEY (job_task_id, tag_id)
);
CREATE INDEX job_task_tags_tag_id_idx ON job_task_tags (tag_id);

CREATE TABLE job_descriptions (
  id                    serial PRIMARY KEY,
  title                 varchar(120) NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
  title_key             varchar(120) NOT NULL,
  read_only_for_editors boolean NOT NULL DEFAULT false,
  task_summary          varchar(1000),
  reports_to            varchar(600),
  direct_reports        varchar(600),
  deputy_for            varchar(600),
  deputized_by          varchar(600),
  authorities           varchar(600),
  education             varchar(1000),
  other_skills          varchar(2000),
  created_at            timestamptz(6) NOT NULL DEFAULT now(),
  created_by_id         integer NOT NULL REFERENCES users (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  updated_at            timestamptz(6) NOT NULL DEFAULT now(),
  updated_by_id         integer NOT NULL REFERENCES users (id) ON UPDATE CASCADE ON DELETE RESTRICT,
  deleted_at            timestamptz(6),
  deleted_by_id         integer REFERENCES users (id) ON UPDATE CASCADE ON DELETE SET NULL
);
CREATE UNIQUE INDEX job_descriptions_title_key_key ON job_descriptions (title_key);

CREATE TABLE job_description_tags (
  job_description_id integer NOT NULL REFERENCES job_descriptions (id) ON UPDATE CASCADE ON DELETE CASCADE,
  tag_id             integer NOT NULL REFERENCES tags (id) ON UPDATE CASCADE ON DELETE CASCADE,
  PRIMARY KEY (job_description_id, tag_id)
);
CREATE INDEX job_description_tags_tag_id_idx ON job_description_tags (tag_id);

CREATE TABLE job_description_tasks (
  job_description_id integer NOT NULL REFERENCES job_descriptions (id) ON UPDATE CASCADE ON DELETE CASCADE,
  job_task_id        integer NOT NULL REFERENCES job_tasks (id) ON UPDATE CASCADE ON DELETE CASCADE,
  "order"            integer NOT NULL CHECK ("order" >= 0),
  percentage         integer NOT NULL CHECK (percentage >= 5 AND percentage <= 100 AND percentage % 5 = 0),
  PRIMARY KEY (job_description_id, job_task_id),
  -- Deferrable so a move can shift rows through each other inside one transaction.
  CONSTRAINT job_description_tasks_job_description_id_order_key
    UNIQUE (job_description_id, "order") DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX job_description_tasks_job_task_id_idx ON job_description_tasks (job_task_id);

CREATE TABLE locks (
  entity_type lock_entity_type NOT NULL,
  entity_id   integer NOT NULL,
  user_id     integer NOT NULL REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE,
  client_id   varchar(64) NOT NULL,
  acquired_at timestamptz(6) NOT NULL,
  expires_at  timestamptz(6) NOT NULL,
  PRIMARY KEY (entity_type, entity_id)
);
CREATE INDEX locks_expires_at_idx ON locks (expires_at);

-- Down Migration
DROP TABLE locks;
DROP TABLE job_description_tasks;
DROP TABLE job_description_tags;
DROP TABLE job_descriptions;
DROP TABLE job_task_tags;
DROP TABLE job_tasks;
DROP TABLE tags;
DROP TABLE users;
DROP TYPE lock_entity_type;
DROP TYPE role;
