-- Up Migration
-- Negotiable locks (docs/product.md § Locks, docs/adr/0016-negotiable-locks-in-postgresql.md).

-- The fencing token: a new value whenever a lock is acquired anew or changes hands.
CREATE SEQUENCE lock_fence_seq AS bigint;
ALTER TABLE locks
  ADD COLUMN fence bigint NOT NULL DEFAULT nextval('lock_fence_seq'),
  -- The holder tab's last reported input (idle rule of the handover).
  ADD COLUMN last_input_at timestamptz(6) NOT NULL DEFAULT now();

-- One open handover request per record.
CREATE TABLE lock_handover_requests (
  entity_type         lock_entity_type NOT NULL,
  entity_id           integer NOT NULL,
  requester_id        integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  requester_client_id varchar(64) NOT NULL,
  message             varchar(500),
  requested_at        timestamptz(6) NOT NULL DEFAULT now(),
  decide_by           timestamptz(6) NOT NULL,
  PRIMARY KEY (entity_type, entity_id)
);
CREATE INDEX lock_handover_requests_decide_by_idx ON lock_handover_requests (decide_by);

-- A record's line: exists while someone waits or the record is offered; the row is the line's mutex.
CREATE TABLE lock_lines (
  entity_type       lock_entity_type NOT NULL,
  entity_id         integer NOT NULL,
  offered_user_id   integer REFERENCES users (id) ON DELETE SET NULL,
  offered_client_id varchar(64),
  offered_at        timestamptz(6),
  offer_expires_at  timestamptz(6),
  PRIMARY KEY (entity_type, entity_id)
);
CREATE INDEX lock_lines_offer_expires_at_idx ON lock_lines (offer_expires_at);

-- Who waits in a record's line, one place per user, in `position` order.
CREATE TABLE lock_waiters (
  position    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity_type lock_entity_type NOT NULL,
  entity_id   integer NOT NULL,
  user_id     integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  client_id   varchar(64) NOT NULL,
  joined_at   timestamptz(6) NOT NULL DEFAULT now(),
  FOREIGN KEY (entity_type, entity_id) REFERENCES lock_lines (entity_type, entity_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX lock_waiters_entity_type_entity_id_user_id_key ON lock_waiters (entity_type, entity_id, user_id);
CREATE INDEX lock_waiters_user_id_client_id_idx ON lock_waiters (user_id, client_id);

-- Down Migration
DROP TABLE lock_waiters;
DROP TABLE lock_lines;
DROP TABLE lock_handover_requests;
ALTER TABLE locks DROP COLUMN last_input_at, DROP COLUMN fence;
DROP SEQUENCE lock_fence_seq;
