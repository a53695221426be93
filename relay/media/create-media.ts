// Media's parts, put together from the config: the store (disk or S3), the service, the job
// runner, the tus upload server (its unfinished uploads always on this relay's disk) and the
// keeper that follows messages.
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import type { Logger } from 'pino';
import type { Role } from '../../model/roles.ts';
import type { SqlClient } from '../../persistence/sql-client.ts';
import type { Config } from '../config.ts';
import { MediaKeeper } from '../keepers/media-keeper.ts';
import { MediaJobs } from './media-jobs.ts';
import { MediaService } from './media-service.ts';
import { DiskMediaStore, type MediaStore } from './media-store.ts';
import { largestLimit } from './media-types.ts';
import { S3MediaStore } from './s3-media-store.ts';
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
  | 'MEDIA_STORE'
  | 'MEDIA_S3_BUCKET'
  | 'MEDIA_S3_ENDPOINT'
  | 'MEDIA_S3_REGION'
  | 'MEDIA_S3_ACCESS_KEY_ID'
  | 'MEDIA_S3_SECRET_ACCESS_KEY'
  | 'MEDIA_S3_FORCE_PATH_STYLE'
>;

/** The configured store: the disk under DATA_DIR, or an S3-compatible service several relays share. */
function mediaStore(config: MediaConfig): MediaStore {
  if (config.MEDIA_STORE === 'disk') return new DiskMediaStore(join(config.DATA_DIR, 'media', 'files'));
  return new S3MediaStore({
    bucket: config.MEDIA_S3_BUCKET ?? '',
    ...(config.MEDIA_S3_ENDPOINT && { endpoint: config.MEDIA_S3_ENDPOINT }),
    region: config.MEDIA_S3_REGION,
    accessKeyId: config.MEDIA_S3_ACCESS_KEY_ID ?? '',
    secretAccessKey: config.MEDIA_S3_SECRET_ACCESS_KEY ?? '',
    forcePathStyle: config.MEDIA_S3_FORCE_PATH_STYLE,
  });
}

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
  const store = mediaStore(config);
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
