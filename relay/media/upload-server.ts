// Resumable uploads (tus 1.0, @tus/server) into DATA_DIR: an upload is created only for a member
// of the conversation its metadata names and within the limit of what it claims to be, appended
// to only by the user who created it, and handed to the media service when its last byte is in.
// A half-done upload survives a relay restart: the file store keeps its bytes and offset.
import type { IncomingMessage } from 'node:http';
import type { FileStore } from '@tus/file-store';
import { EVENTS, Server, type Upload } from '@tus/server';
import type { Logger } from 'pino';
import { UPLOADS_PATH, uploadMetadata } from '../../protocol/http/media.ts';
import { RelayError } from '../errors.ts';
import { HTTP_STATUS } from '../http/api/error-status.ts';
import { newMediaId } from '../ids.ts';
import type { MediaService } from './media-service.ts';

type TusRequest = { runtime?: { node?: { req: IncomingMessage } } };

/** Who sent each upload request, set by the route that checked the access token. */
const uploaders = new WeakMap<IncomingMessage, string>();

export function setUploader(request: IncomingMessage, userId: string): void {
  uploaders.set(request, userId);
}

export interface UploadServerOptions {
  /** Where unfinished uploads are kept (their bytes and offset); a finished one moves to the media store. */
  datastore: FileStore;
  /** The largest upload of any kind. */
  maxSize: number;
  media: MediaService;
  log: Logger;
}

export function createUploadServer({ datastore, maxSize, media, log }: UploadServerOptions): Server {
  const userOf = (req: unknown): string => {
    const node = (req as TusRequest).runtime?.node?.req;
    const userId = node ? uploaders.get(node) : undefined;
    if (!userId) throw refusal(401, 'token_missing', 'Sign in: uploads need an access token');
    return userId;
  };
  const server = new Server({
    path: UPLOADS_PATH,
    datastore,
    maxSize,
    // Locations relative to the relay, whatever host or proxy the client came through.
    relativeLocation: true,
    namingFunction: () => newMediaId(),
    async onIncomingRequest(req, uploadId) {
      const userId = userOf(req);
      if (req.method === 'POST') return;
      // Someone else's upload does not exist, as far as this user can tell.
      if ((await media.uploader(uploadId)) !== userId) throw refusal(404, 'not_found', 'No such upload');
    },
    async onUploadCreate(req, upload) {
      const userId = userOf(req);
      const parsed = uploadMetadata.safeParse(upload.metadata ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw refusal(400, 'invalid_request', `Invalid upload metadata (${issue?.path.join('.') ?? ''}): ${issue?.message ?? ''}`);
      }
      if (upload.size === undefined) throw refusal(400, 'invalid_request', 'Say the upload length up front (Upload-Length)');
      const { conversationId, filename, filetype } = parsed.data;
      await relayErrors(() =>
        media.create({ id: upload.id, ownerId: userId, conversationId, name: filename, size: upload.size ?? 0, claimedType: filetype }),
      );
      return {};
    },
    async onUploadFinish(_req, upload: Upload) {
      const path = upload.storage?.path;
      if (!path) throw refusal(500, 'internal', 'The upload was not stored');
      try {
        const info = await relayErrors(() => media.finish(upload.id, path));
        return { status_code: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(info) };
      } finally {
        // Stored (or refused) for good: the upload's own copy is not needed any more.
        await datastore
          .remove(upload.id)
          .catch((error: unknown) => log.warn({ err: error, mediaId: upload.id }, 'could not remove a finished upload'));
      }
    },
    onResponseError(_req, error) {
      if ('status_code' in error) return undefined;
      log.error({ err: error }, 'upload failed');
      return { status_code: 500, body: JSON.stringify({ error: 'internal', message: 'The upload failed on the server; retry' }) };
    },
  });
  // The uploader cancelled (tus DELETE, only theirs: onIncomingRequest checked it): whoever shows
  // the message learns it will not come, instead of waiting for it.
  server.on(EVENTS.POST_TERMINATE, (_req: unknown, _res: unknown, id: string) => {
    media
      .fail(id, 'cancelled', 'The sender cancelled this upload')
      .catch((error: unknown) => log.warn({ err: error, mediaId: id }, 'could not mark a cancelled upload'));
  });
  return server;
}

/** A refusal tus sends as the response: the API's `{ error, message }` body. */
function refusal(
  status: number,
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): { status_code: number; body: string } {
  return { status_code: status, body: JSON.stringify({ error: code, message, ...details }) };
}

async function relayErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RelayError) throw refusal(HTTP_STATUS[error.code], error.code, error.message, error.details);
    throw error;
  }
}
