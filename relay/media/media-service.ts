// Media items in the database and the store: created when an upload starts (for a member of the
// conversation, under the limit of what it claims to be), finished when its last byte arrived
// (the type sniffed from the bytes, the kind's limit applied, the original stored, images queued
// for processing), read only by members at the moment of reading, attached to the message that
// names them, and deleted with that message or when no message named them in time.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { fileTypeFromFile } from 'file-type';
import type { Logger } from 'pino';
import type { Role } from '../../model/roles.ts';
import type { SqlClient } from '../../persistence/sql-client.ts';
import type { MediaInfo } from '../../protocol/http/media.ts';
import { ErrorCode, RelayError } from '../errors.ts';
import type { MediaStore } from './media-store.ts';
import { kindOfType, limitFor, servedAs, variantsOf, type MediaLimits, type Variant } from './media-types.ts';
import { checkSignedUrl, signedPath } from './signed-urls.ts';

type MediaRow = {
  id: string;
  owner_id: string;
  conversation_id: string;
  name: string;
  size: string | number;
  mime: string | null;
  kind: 'image' | 'video' | 'file' | null;
  width: number | null;
  height: number | null;
  state: MediaInfo['state'];
  error_code: string | null;
  error_message: string | null;
  message_id: string | null;
};

const COLUMNS = 'id, owner_id, conversation_id, name, size, mime, kind, width, height, state, error_code, error_message, message_id';

export interface MediaServiceOptions {
  db: SqlClient;
  store: MediaStore;
  limits: MediaLimits;
  roleOf(conversationId: string, userId: string): Promise<Role | null>;
  urlKey: Uint8Array;
  urlTtlSeconds: number;
  /** Called when an image was queued for processing. */
  queued(): void;
  /** Removes an unfinished upload's bytes (nothing there is fine). */
  discardUpload(id: string): Promise<void>;
  log: Logger;
}

/** What the serving route needs to answer with a variant's bytes. */
export interface Readable {
  id: string;
  variant: Variant;
  name: string;
  contentType: string;
  inline: boolean;
}

export class MediaService {
  constructor(private readonly options: MediaServiceOptions) {}

  /** Before a byte is stored: the user is a member of the conversation and the file is within the limit of what it claims to be. */
  async create(upload: {
    id: string;
    ownerId: string;
    conversationId: string;
    name: string;
    size: number;
    claimedType: string;
  }): Promise<void> {
    const { db, limits, roleOf } = this.options;
    if (!(await roleOf(upload.conversationId, upload.ownerId))) throw notMember();
    if (upload.size === 0) throw new RelayError(ErrorCode.emptyFile, 'The file is empty');
    const kind = kindOfType(upload.claimedType);
    const limit = limitFor(kind, limits);
    if (upload.size > limit) throw tooLarge(kind, limit);
    await db.query('INSERT INTO media (id, owner_id, conversation_id, name, size) VALUES ($1, $2, $3, $4, $5)', [
      upload.id,
      upload.ownerId,
      upload.conversationId,
      upload.name,
      upload.size,
    ]);
  }

  /** Who may write to an upload: its owner, while it is still uploading. */
  async uploader(id: string): Promise<string | null> {
    const [row] = await this.options.db.query<{ owner_id: string }>(`SELECT owner_id FROM media WHERE id = $1 AND state = 'uploading'`, [
      id,
    ]);
    return row?.owner_id ?? null;
  }

  /**
   * The upload's last byte arrived at `path`. Its type comes from the bytes; over the limit of
   * that kind it fails with the limit named, otherwise the original is stored and an image is
   * queued for processing (anything else is ready at once).
   */
  async finish(id: string, path: string): Promise<MediaInfo> {
    const { db, store, limits, queued } = this.options;
    const row = await this.#row(id);
    if (!row) throw new RelayError(ErrorCode.notFound, 'No such upload');
    const mime = (await fileTypeFromFile(path))?.mime ?? 'application/octet-stream';
    const kind = kindOfType(mime);
    const limit = limitFor(kind, limits);
    if (Number(row.size) > limit) {
      const error = tooLarge(kind, limit);
      await this.#fail(id, error.code, error.message, { mime, kind });
      throw error;
    }
    const sha256 = await hashFile(path);
    await store.putFile(id, 'original', path);
    const state = kind === 'image' ? 'processing' : 'ready';
    await db.transaction(async (tx) => {
      await tx.query('UPDATE media SET mime = $2, kind = $3, sha256 = $4, state = $5 WHERE id = $1', [id, mime, kind, sha256, state]);
      if (kind === 'image') await tx.query('INSERT INTO media_jobs (media_id) VALUES ($1) ON CONFLICT DO NOTHING', [id]);
    });
    if (kind === 'image') queued();
    return toInfo({ ...row, mime, kind, state });
  }

  /** A media item's state, for a member of its conversation (anyone else: not found). */
  async info(userId: string, id: string): Promise<MediaInfo> {
    return toInfo(await this.#readable(userId, id));
  }

  /** A URL for one variant, valid `urlTtlSeconds`, for a member of its conversation. */
  async signedUrl(userId: string, id: string, variant: Variant): Promise<{ url: string; expiresAt: Date }> {
    const row = await this.#readable(userId, id);
    if (!toInfo(row).variants.includes(variant)) throw notReady(row);
    const expires = Math.floor(Date.now() / 1000) + this.options.urlTtlSeconds;
    return { url: signedPath(this.options.urlKey, { mediaId: id, variant, userId, expires }), expiresAt: new Date(expires * 1000) };
  }

  /** Checks a signed URL, and that the user it names is a member of the conversation right now. */
  async open(id: string, variant: Variant, query: Record<string, unknown>): Promise<Readable> {
    const check = checkSignedUrl(this.options.urlKey, id, variant, query, Math.floor(Date.now() / 1000));
    if (!check.ok) {
      const message = check.reason === 'expired' ? 'This link has expired; reload to get a new one' : 'This link is not valid';
      throw new RelayError(ErrorCode.forbidden, message);
    }
    const row = await this.#readable(check.userId, id, ErrorCode.forbidden);
    if (!toInfo(row).variants.includes(variant)) throw notReady(row);
    return { id, variant, name: row.name, ...servedAs(variant, row.mime ?? 'application/octet-stream') };
  }

  /** The message `messageId` by `authorId` in `conversationId` names these media: they stay. */
  async attach(conversationId: string, authorId: string, messageId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.options.db.query(
      `UPDATE media SET message_id = $4 WHERE id = ANY($1::text[]) AND conversation_id = $2 AND owner_id = $3 AND message_id IS NULL`,
      [ids, conversationId, authorId, messageId],
    );
  }

  /**
   * The message `messageId` was deleted: its media go too. Only media its own author uploaded to
   * this conversation for it, so naming someone else's upload and deleting the message deletes
   * nothing of theirs.
   */
  async removeFor(conversationId: string, messageId: string): Promise<number> {
    const rows = await this.options.db.query<{ id: string }>(
      'DELETE FROM media WHERE conversation_id = $1 AND message_id = $2 RETURNING id',
      [conversationId, messageId],
    );
    await Promise.all(rows.map((row) => this.#removeBytes(row.id)));
    return rows.length;
  }

  /** Media no message named within `graceMs` of their upload: removed. */
  async removeUnattached(graceMs: number): Promise<number> {
    const rows = await this.options.db.query<{ id: string }>(
      `DELETE FROM media WHERE message_id IS NULL AND created_at < now() - ($1::bigint * interval '1 millisecond') RETURNING id`,
      [graceMs],
    );
    await Promise.all(rows.map((row) => this.#removeBytes(row.id)));
    return rows.length;
  }

  /** Records that processing failed for good, with why. */
  async fail(id: string, code: string, message: string): Promise<void> {
    await this.#fail(id, code, message, {});
  }

  async #fail(id: string, code: string, message: string, sniffed: { mime?: string; kind?: string }): Promise<void> {
    this.options.log.info({ mediaId: id, code }, `media refused: ${message}`);
    await this.options.db.query(
      `UPDATE media SET state = 'failed', error_code = $2, error_message = $3, mime = coalesce($4, mime), kind = coalesce($5, kind) WHERE id = $1`,
      [id, code, message, sniffed.mime ?? null, sniffed.kind ?? null],
    );
    await this.options.store.remove(id);
  }

  /** The stored variants and, for an upload that never finished, its partial bytes. */
  async #removeBytes(id: string): Promise<void> {
    await Promise.all([this.options.store.remove(id), this.options.discardUpload(id).catch(() => {})]);
  }

  async #row(id: string): Promise<MediaRow | undefined> {
    const [row] = await this.options.db.query<MediaRow>(`SELECT ${COLUMNS} FROM media WHERE id = $1`, [id]);
    return row;
  }

  /** The row, when `userId` is a member of its conversation now. */
  async #readable(userId: string, id: string, refusal: ErrorCode = ErrorCode.notFound): Promise<MediaRow> {
    const row = await this.#row(id);
    if (!row || !(await this.options.roleOf(row.conversation_id, userId))) {
      throw new RelayError(refusal, refusal === ErrorCode.notFound ? 'No such media' : 'Only members of the conversation see its media');
    }
    return row;
  }
}

function toInfo(row: MediaRow): MediaInfo {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    name: row.name,
    size: Number(row.size),
    kind: row.kind,
    mime: row.mime,
    width: row.width,
    height: row.height,
    state: row.state,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? '' } : null,
    attached: row.message_id !== null,
    // The original is served once stored; thumbnails once processing made them.
    variants:
      row.kind === null || row.state === 'failed' || row.state === 'uploading'
        ? []
        : row.state === 'ready'
          ? [...variantsOf(row.kind)]
          : ['original'],
  };
}

const notMember = () => new RelayError(ErrorCode.forbidden, 'Only members of the conversation can send files to it');
const notReady = (row: MediaRow) =>
  new RelayError(
    ErrorCode.mediaNotReady,
    row.state === 'failed' ? (row.error_message ?? 'This file could not be processed') : 'This file is still being processed',
  );

function tooLarge(kind: 'image' | 'video' | 'file', limit: number): RelayError {
  const noun = kind === 'file' ? 'A file' : kind === 'image' ? 'An image' : 'A video';
  return new RelayError(ErrorCode.fileTooLarge, `${noun} can be at most ${formatBytes(limit)}`, { kind, limitBytes: limit });
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
