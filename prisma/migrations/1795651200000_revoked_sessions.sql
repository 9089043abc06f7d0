-- Up Migration
-- Sign-ins ended by logout: their JWTs (claim `sid`) are refused until they would have expired.
CREATE TABLE revoked_sessions (
  session_id varchar(64) PRIMARY KEY,
  expires_at timestamptz(6) NOT NULL
);
CREATE INDEX revoked_sessions_expires_at_idx ON revoked_sessions (expires_at);

-- Down Migration
DROP TABLE revoked_sessions;
