// Keeps media in step with the messages that name them: a new message's attachments are marked
// attached (only uploads of its own author, to this conversation), a deleted message's media are
// deleted, and uploads no message named within the grace period are swept away.
import type { Logger } from 'pino';
import type { MediaService } from '../media/media-service.ts';
import type { Committed, SyncHook } from '../sync/hooks.ts';
import type { Room } from '../sync/room.ts';
import { authored } from './authored-messages.ts';

export interface MediaKeeperOptions {
  media: Pick<MediaService, 'attach' | 'removeFor' | 'removeUnattached'>;
  /** How long an upload may wait for a message that names it. */
  unattachedGraceMs: number;
  log: Logger;
}

export class MediaKeeper implements SyncHook {
  readonly name = 'media';
  readonly #options: MediaKeeperOptions;
  readonly #sweep: NodeJS.Timeout;

  constructor(options: MediaKeeperOptions) {
    this.#options = options;
    // Sweeping often matters less than not sweeping late: a tenth of the grace, at most hourly.
    this.#sweep = setInterval(() => void this.sweep(), Math.min(options.unattachedGraceMs / 10, 3_600_000));
    this.#sweep.unref();
  }

  afterCommit(room: Room, { created, changed }: Committed): void {
    const doc = room.docName;
    if (doc?.kind !== 'segment' || (created.length === 0 && changed.length === 0)) return;
    const { media, log } = this.#options;
    const failed = (error: unknown) => log.error({ err: error, doc: room.name }, 'keeping media in step with messages failed');
    for (const { id, message, author } of authored(room, created)) {
      // A video's poster frame is an upload of its own: it stays, and goes, with the message too.
      const ids = message.attachments.flatMap((attachment) =>
        attachment.posterId ? [attachment.id, attachment.posterId] : [attachment.id],
      );
      if (ids.length > 0) media.attach(doc.conversationId, author, id, ids).catch(failed);
    }
    for (const { id, message } of authored(room, changed)) if (message.deleted) media.removeFor(doc.conversationId, id).catch(failed);
  }

  /** Removes uploads that no message named within the grace period. */
  async sweep(): Promise<void> {
    const { media, unattachedGraceMs, log } = this.#options;
    try {
      const removed = await media.removeUnattached(unattachedGraceMs);
      if (removed > 0) log.info({ removed }, 'removed uploads no message named');
    } catch (error) {
      log.error({ err: error }, 'sweeping unattached uploads failed');
    }
  }

  async flush(): Promise<void> {
    clearInterval(this.#sweep);
  }
}
