-- Nexus profile: service API keys (SHA-256 hashes only, never the keys) and registered Ed25519
-- public keys for challenge authentication. H2 and PostgreSQL.
CREATE TABLE service_keys (
  key_id     VARCHAR(64)   PRIMARY KEY,
  user_id    VARCHAR(255)  NOT NULL,
  key_hash   VARCHAR(64)   NOT NULL,
  name       VARCHAR(255),
  teams      VARCHAR(2000) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX service_keys_hash ON service_keys (key_hash);

CREATE TABLE public_keys (
  key_id     VARCHAR(64)   PRIMARY KEY,
  user_id    VARCHAR(255)  NOT NULL,
  public_key VARCHAR(64)   NOT NULL,
  teams      VARCHAR(2000) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX public_keys_key ON public_keys (public_key);
