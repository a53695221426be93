-- The server search index: one row per live message, written after each commit from the message
-- changes (a deleted message's row goes at once). Language-neutral 'simple' text search, so a
-- word matches as typed in any language, prefixes with :*.
CREATE TABLE search_messages (
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  message_id      text NOT NULL,
  segment         integer NOT NULL,
  author_id       text NOT NULL,
  sent_at         timestamptz NOT NULL,
  body            text NOT NULL,
  has_link        boolean NOT NULL,
  has_image       boolean NOT NULL,
  has_file        boolean NOT NULL,
  document        tsvector NOT NULL,
  PRIMARY KEY (conversation_id, message_id)
);
CREATE INDEX search_messages_document ON search_messages USING gin (document);
CREATE INDEX search_messages_sent ON search_messages (conversation_id, sent_at DESC);

-- How far each segment is indexed (its head seq then); segments behind it are crawled.
CREATE TABLE search_positions (
  doc text PRIMARY KEY REFERENCES docs (name) ON DELETE CASCADE,
  seq bigint NOT NULL
);
