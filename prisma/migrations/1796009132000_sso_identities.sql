-- Up Migration
-- Single sign-on (OpenID Connect): an account is linked to one provider identity by the provider's
-- issuer and subject (`sub`), never by a name. Accounts created by single sign-on have no password.
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE users ADD COLUMN oidc_issuer varchar(255);
ALTER TABLE users ADD COLUMN oidc_subject varchar(255);
ALTER TABLE users ADD CONSTRAINT users_oidc_identity_check CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL));
CREATE UNIQUE INDEX users_oidc_issuer_oidc_subject_key ON users (oidc_issuer, oidc_subject);

-- Sign-ins made through the provider: what RP-initiated logout (id_token_hint) and back-channel
-- logout (provider session `sid`, else `sub`) need to find them. Kept until the session expires.
CREATE TABLE sso_sign_ins (
  session_id          varchar(64) PRIMARY KEY,
  user_id             integer NOT NULL REFERENCES users (id) ON UPDATE CASCADE ON DELETE CASCADE,
  issuer              varchar(255) NOT NULL,
  subject             varchar(255) NOT NULL,
  provider_session_id varchar(255),
  id_token            text NOT NULL,
  expires_at          timestamptz(6) NOT NULL
);
CREATE INDEX sso_sign_ins_issuer_subject_idx ON sso_sign_ins (issuer, subject);
CREATE INDEX sso_sign_ins_issuer_provider_session_id_idx ON sso_sign_ins (issuer, provider_session_id);
CREATE INDEX sso_sign_ins_user_id_idx ON sso_sign_ins (user_id);
CREATE INDEX sso_sign_ins_expires_at_idx ON sso_sign_ins (expires_at);

-- Down Migration
DROP TABLE sso_sign_ins;
DROP INDEX users_oidc_issuer_oidc_subject_key;
ALTER TABLE users DROP CONSTRAINT users_oidc_identity_check;
ALTER TABLE users DROP COLUMN oidc_subject;
ALTER TABLE users DROP COLUMN oidc_issuer;
-- Accounts that never had a password get one nobody knows (no argon2 hash matches it).
UPDATE users SET password_hash = '!' WHERE password_hash IS NULL;
ALTER TABLE users ALTER COLUMN password_hash SET NOT NULL;
