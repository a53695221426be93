-- The Yjs update log. Every accepted update is one row until compaction folds it into the
-- document's snapshot. `docs.head_seq` hands out per-document sequence numbers: the row lock
-- taken by the upsert makes seq order equal commit order, even with several relays.
CREATE TABLE docs (
  name        text PRIMARY KEY,
  head_seq    bigint NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE doc_updates (
  doc         text   NOT NULL REFERENCES docs (name) ON DELETE CASCADE,
  seq         bigint NOT NULL,
  data        bytea  NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (doc, seq)
);

-- One merged state per document, covering every update with seq <= doc_snapshots.seq.
CREATE TABLE doc_snapshots (
  doc         text   PRIMARY KEY REFERENCES docs (name) ON DELETE CASCADE,
  seq         bigint NOT NULL,
  data        bytea  NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
