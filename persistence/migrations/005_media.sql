-- Uploaded media: who sent it to which conversation, what it really is (sniffed from its bytes),
-- its processing state, and the message that attached it (none yet: removed after a grace).
CREATE TABLE media (
  id              text PRIMARY KEY,
  owner_id        text NOT NULL REFERENCES users (id),
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  name            text NOT NULL,
  size            bigint NOT NULL,
  mime            text,
  kind            text CHECK (kind IN ('image', 'video', 'file')),
  sha256          text,
  width           integer,
  height          integer,
  state           text NOT NULL DEFAULT 'uploading' CHECK (state IN ('uploading', 'processing', 'ready', 'failed')),
  error_code      text,
  error_message   text,
  message_id      text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX media_unattached ON media (created_at) WHERE message_id IS NULL;

-- Work left to do on finished uploads; a row survives a restart, so processing resumes.
CREATE TABLE media_jobs (
  media_id     text PRIMARY KEY REFERENCES media (id) ON DELETE CASCADE,
  attempts     integer NOT NULL DEFAULT 0,
  locked_until timestamptz
);
