-- Identity and permission: users, refresh tokens, conversations, memberships, bans, invite links.
-- Secrets (passwords, refresh tokens, invite tokens) are stored only as hashes.

CREATE TABLE users (
  id            text PRIMARY KEY,
  -- As the user typed it; unique and looked up case-insensitively through users_username_key.
  username      text NOT NULL,
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz
);
-- text_pattern_ops also serves prefix searches (`lower(username) LIKE 'ab%'`).
CREATE UNIQUE INDEX users_username_key ON users (lower(username) text_pattern_ops);

-- Rotating refresh tokens. Each login starts a family; each refresh replaces the presented token
-- with a new one of the same family. Presenting a replaced or revoked token revokes the family.
CREATE TABLE refresh_tokens (
  token_hash  text PRIMARY KEY,
  user_id     text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  family_id   text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  replaced_by text
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_expiry ON refresh_tokens (expires_at);

CREATE TABLE conversations (
  id          text PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('dm', 'group')),
  -- NULL for direct messages, which are named after the other member.
  name        text,
  topic       text NOT NULL DEFAULT '',
  visibility  text NOT NULL CHECK (visibility IN ('public', 'private')),
  -- '<lower user id>:<higher user id>' for a DM, so one pair can only ever have one.
  dm_key      text UNIQUE,
  created_by  text NOT NULL REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'dm') = (dm_key IS NOT NULL)),
  CHECK ((kind = 'dm') = (name IS NULL)),
  CHECK (kind = 'group' OR visibility = 'private')
);

CREATE TABLE memberships (
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id         text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role            text NOT NULL CHECK (role IN ('admin', 'moderator', 'member')),
  joined_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE bans (
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id         text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  banned_by       text NOT NULL REFERENCES users (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, user_id)
);

-- Invite links: usable by anyone holding the token until they expire.
CREATE TABLE invites (
  token_hash      text PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  created_by      text NOT NULL REFERENCES users (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL
);
CREATE INDEX invites_conversation ON invites (conversation_id);
