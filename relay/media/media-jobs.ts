// Processes finished image uploads from the media_jobs table, at most `concurrency` at once so
// the relay keeps serving chat; a job is claimed with a lease, so a restart (or a crash) mid-way
// leaves it to be picked up again, and one that keeps failing unexpectedly is given up after a
// few attempts. A file that is not a usable image fails at once, with why.
import type { Logger } from 'pino';
import type { SqlClient } from '../../persistence/sql-client.ts';
import { ImageError, processImage } from './image-processor.ts';
import type { MediaService } from './media-service.ts';
import type { MediaStore } from './media-store.ts';

const LEASE_SECONDS = 300;
const MAX_ATTEMPTS = 3;
/** How often the table is looked at without a kick: jobs left by an earlier run, expired leases. */
const POLL_MS = 5_000;

export interface MediaJobsOptions {
  db: SqlClient;
  store: MediaStore;
  media: MediaService;
  concurrency: number;
  maxPixels: number;
  log: Logger;
}

export class MediaJobs {
  #running = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  readonly #idle = new Set<() => void>();

  constructor(private readonly options: MediaJobsOptions) {}

  start(): void {
    this.#timer = setInterval(() => this.kick(), POLL_MS);
    this.#timer.unref();
    this.kick();
  }

  /** Looks for work now (a job was just queued), in one more slot when one is free. */
  kick(): void {
    if (this.#stopped || this.#running >= this.options.concurrency) return;
    this.#running++;
    void this.#next().finally(() => {
      this.#running--;
      if (this.#running === 0) for (const resolve of this.#idle) resolve();
    });
  }

  /** Resolves once no job is running (tests, shutdown). */
  idle(): Promise<void> {
    if (this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.add(resolve));
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.idle();
  }

  /** Claims and runs jobs until none is left. */
  async #next(): Promise<void> {
    for (;;) {
      if (this.#stopped) return;
      const job = await this.#claim().catch((error: unknown) => {
        this.options.log.error({ err: error }, 'could not claim a media job');
        return undefined;
      });
      if (!job) return;
      // This slot is busy now: another one may look for more work meanwhile.
      this.kick();
      await this.#run(job.mediaId, job.attempts);
    }
  }

  async #claim(): Promise<{ mediaId: string; attempts: number } | undefined> {
    const [row] = await this.options.db.query<{ media_id: string; attempts: number }>(
      `UPDATE media_jobs SET locked_until = now() + ($1::int * interval '1 second'), attempts = attempts + 1
       WHERE media_id = (
         SELECT media_id FROM media_jobs WHERE locked_until IS NULL OR locked_until < now()
         ORDER BY media_id LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING media_id, attempts`,
      [LEASE_SECONDS],
    );
    return row ? { mediaId: row.media_id, attempts: row.attempts } : undefined;
  }

  async #run(mediaId: string, attempts: number): Promise<void> {
    const { db, store, media, maxPixels, log } = this.options;
    const started = performance.now();
    try {
      const [row] = await db.query<{ mime: string }>(`SELECT mime FROM media WHERE id = $1 AND state = 'processing'`, [mediaId]);
      if (row) {
        const processed = await processImage(await store.readAll(mediaId, 'original'), row.mime, maxPixels);
        await store.put(mediaId, 'thumb-320', processed.thumbnails['thumb-320']);
        await store.put(mediaId, 'thumb-1280', processed.thumbnails['thumb-1280']);
        await store.put(mediaId, 'original', processed.original);
        await db.query(`UPDATE media SET state = 'ready', width = $2, height = $3 WHERE id = $1`, [
          mediaId,
          processed.width,
          processed.height,
        ]);
        log.debug({ mediaId, ms: Math.round(performance.now() - started) }, 'image processed');
      }
      await db.query('DELETE FROM media_jobs WHERE media_id = $1', [mediaId]);
    } catch (error) {
      if (error instanceof ImageError || attempts >= MAX_ATTEMPTS) {
        const message = error instanceof ImageError ? error.message : 'The image could not be processed';
        await media.fail(mediaId, error instanceof ImageError ? error.code : 'processing_failed', message).catch(() => {});
        await db.query('DELETE FROM media_jobs WHERE media_id = $1', [mediaId]).catch(() => {});
        if (!(error instanceof ImageError)) log.error({ err: error, mediaId, attempts }, 'media processing failed for good');
        return;
      }
      log.warn({ err: error, mediaId, attempts }, 'media processing failed; it will be retried');
      await db.query("UPDATE media_jobs SET locked_until = now() + interval '5 seconds' WHERE media_id = $1", [mediaId]).catch(() => {});
    }
  }
}
