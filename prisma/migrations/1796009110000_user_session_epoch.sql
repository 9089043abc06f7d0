-- Up Migration
-- Raised when a password is reset, an account disabled or its role changed: session tokens carry
-- the epoch they were issued in (claim `ep`) and are refused once it has moved on.
ALTER TABLE users ADD COLUMN session_epoch integer NOT NULL DEFAULT 0;

-- Down Migration
ALTER TABLE users DROP COLUMN session_epoch;
