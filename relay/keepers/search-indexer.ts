// Keeps the server search index in step with the messages: after each commit to a segment, the
// messages it created or changed are written to search_messages (an edit replaces the row, a
// delete removes it at once). Writes for one conversation run in commit order.
import type { Logger } from 'pino';
import { parseHlc } from '../../model/hlc.ts';
import type { StoredMessage } from '../../model/schema.ts';
import type { SqlQueryable } from '../../persistence/sql-client.ts';
import { indexWords } from '../search/search-query.ts';
import type { Committed, SyncHook } from '../sync/hooks.ts';
import type { Room } from '../sync/room.ts';
import { authored } from './authored-messages.ts';

const LINK = /\bhttps?:\/\/\S/i;

export class SearchIndexer implements SyncHook {
  readonly name = 'search';
  /** Per conversation: the write in flight, so the next waits for it. */
  readonly #queues = new Map<string, Promise<void>>();

  constructor(
    private readonly db: SqlQueryable,
    private readonly log: Logger,
  ) {}

  afterCommit(room: Room, { created, changed }: Committed): void {
    const doc = room.docName;
    if (doc?.kind !== 'segment' || (created.length === 0 && changed.length === 0)) return;
    // Read now: the room's document moves on with the next commit.
    const rows = [...authored(room, [...created, ...changed])];
    const { conversationId, index } = doc;
    const previous = this.#queues.get(conversationId) ?? Promise.resolve();
    const next = previous
      .then(() => this.#write(conversationId, index, rows))
      .catch((error: unknown) => this.log.error({ err: error, doc: room.name }, 'updating the search index failed'));
    this.#queues.set(conversationId, next);
    void next.then(() => {
      if (this.#queues.get(conversationId) === next) this.#queues.delete(conversationId);
    });
  }

  async flush(): Promise<void> {
    await Promise.all(this.#queues.values());
  }

  async #write(conversationId: string, segment: number, rows: { id: string; message: StoredMessage; author: string }[]): Promise<void> {
    for (const { id, message, author } of rows) {
      const sentAt = parseHlc(message.hlc)?.wallMs;
      if (message.deleted || sentAt === undefined) {
        await this.db.query('DELETE FROM search_messages WHERE conversation_id = $1 AND message_id = $2', [conversationId, id]);
        continue;
      }
      // Split here as queries are split (relay/search/search-query.ts), not by Postgres' parser,
      // which keeps "summit.jpg" or "a-b" whole: what a person types finds what they see.
      const words = indexWords([message.text, ...message.attachments.map((attachment) => attachment.name)].join(' ')).join(' ');
      await this.db.query(
        `INSERT INTO search_messages (conversation_id, message_id, segment, author_id, sent_at, body, has_link, has_image, has_file, document)
         VALUES ($1, $2, $3, $4, to_timestamp($5::double precision / 1000), $6, $7, $8, $9, to_tsvector('simple', $10))
         ON CONFLICT (conversation_id, message_id) DO UPDATE SET body = EXCLUDED.body, has_link = EXCLUDED.has_link,
           has_image = EXCLUDED.has_image, has_file = EXCLUDED.has_file, document = EXCLUDED.document`,
        [
          conversationId,
          id,
          segment,
          author,
          sentAt,
          message.text,
          LINK.test(message.text),
          message.attachments.some((attachment) => attachment.kind === 'image'),
          message.attachments.some((attachment) => attachment.kind !== 'image'),
          words,
        ],
      );
    }
  }
}
