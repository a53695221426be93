-- A deleted account keeps its row (conversations, bans and invites it made point at it, and old
-- messages name its id) but loses its name, its password and every way in.
ALTER TABLE users ADD COLUMN deleted_at timestamptz;
