// Media's parts, put together from the config: the store under DATA_DIR, the service, the job
// runner, the tus upload server and the keeper that follows messages.
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import type { Logger } from 'pino';
import type { Role } from '../../model/roles.ts';
import type { SqlClient } from '../../persistence/sql-client.ts';
import type { Config } from '../config.ts';
import { MediaKeeper } from '../keepers/media-keeper.ts';
import { MediaJobs } from './media-jobs.ts';
import { MediaService } from './media-service.ts';
import { DiskMediaStore } from './media-store.ts';
import { largestLimit } from './media-types.ts';
import { mediaUrlKey } from './signed-urls.ts';
import { createUploadServer } from './upload-server.ts';

export type MediaConfig = Pick<
  Config,
  | 'DATA_DIR'
  | 'MEDIA_MAX_IMAGE_BYTES'
  | 'MEDIA_MAX_VIDEO_BYTES'
  | 'MEDIA_MAX_FILE_BYTES'
  | 'MEDIA_MAX_PIXELS'
  | 'MEDIA_JOBS'
  | 'MEDIA_URL_TTL_SECONDS'
  | 'MEDIA_UNATTACHED_GRACE_MS'
>;

export interface MediaDeps {
  db: SqlClient;
  log: Logger;
  signingKey: Uint8Array;
  roleOf(conversationId: string, userId: string): Promise<Role | null>;
}

export function createMedia(config: MediaConfig, { db, log, signingKey, roleOf }: MediaDeps) {
  const limits = {
    imageBytes: config.MEDIA_MAX_IMAGE_BYTES,
    videoBytes: config.MEDIA_MAX_VIDEO_BYTES,
    fileBytes: config.MEDIA_MAX_FILE_BYTES,
  };
  const store = new DiskMediaStore(join(config.DATA_DIR, 'media', 'files'));
  const datastore = new FileStore({ directory: join(config.DATA_DIR, 'media', 'uploads') });
  const service = new MediaService({
    db,
    store,
    limits,
    roleOf,
    urlKey: mediaUrlKey(signingKey),
    urlTtlSeconds: config.MEDIA_URL_TTL_SECONDS,
    // Called only once an upload finished, long after `jobs` below exists.
    queued: () => jobs.kick(),
    discardUpload: (id) => datastore.remove(id),
    log,
  });
  const jobs = new MediaJobs({ db, store, media: service, concurrency: config.MEDIA_JOBS, maxPixels: config.MEDIA_MAX_PIXELS, log });
  const uploads = createUploadServer({
    datastore,
    maxSize: largestLimit(limits),
    media: service,
    log,
  });
  const keeper = new MediaKeeper({ media: service, unattachedGraceMs: config.MEDIA_UNATTACHED_GRACE_MS, log });
  return { service, store, jobs, uploads, keeper };
}

export type Media = ReturnType<typeof createMedia>;
