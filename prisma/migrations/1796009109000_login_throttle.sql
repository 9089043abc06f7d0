-- Up Migration
-- Sign-in attempts per key (an account at a client address, or a client address), shared by every
-- API instance: `next_at` is when the key's next attempt is due (a GCRA schedule), `failures` the
-- wrong passwords since the key was last quiet. A row idle for a whole window is deleted.
CREATE TABLE login_throttle (
  key varchar(200) PRIMARY KEY,
  next_at timestamptz(6) NOT NULL,
  failures integer NOT NULL DEFAULT 0
);
CREATE INDEX login_throttle_next_at_idx ON login_throttle (next_at);

-- Down Migration
DROP TABLE login_throttle;
