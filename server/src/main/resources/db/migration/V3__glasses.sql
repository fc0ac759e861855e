-- Glasses profile: registered third-party apps. The API key is stored only as its SHA-256 hash.
-- Written for both H2 (embedded) and PostgreSQL.
CREATE TABLE apps (
  package_name      VARCHAR(255)  PRIMARY KEY,
  public_url        VARCHAR(2000) NOT NULL,
  api_key_hash      VARCHAR(64)   NOT NULL,
  system_app        BOOLEAN       NOT NULL DEFAULT FALSE,
  allowed_addresses VARCHAR(2000) NOT NULL DEFAULT '',
  created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX apps_api_key_hash ON apps (api_key_hash);
