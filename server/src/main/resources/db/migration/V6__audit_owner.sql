-- The user a row concerns when that is not its actor: the owner of a device another user tried to
-- register. Lets an owner read the attempts on their devices. H2 and PostgreSQL.
ALTER TABLE audit_events ADD COLUMN owner VARCHAR(255);
CREATE INDEX audit_events_owner_time ON audit_events (owner, occurred_at);
