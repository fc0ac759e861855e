-- The periodic sweep looks for QUEUED commands past their expiry and SENT commands past the
-- largest call timeout. Indexed by status, it reads only the few commands in those states instead
-- of every command ever sent (the finished ones are nearly all of the table). H2 and PostgreSQL.
CREATE INDEX commands_status_updated ON commands (status, updated_at);
