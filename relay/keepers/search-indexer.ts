// Keeps the server search index in step with the messages: after each commit to a segment, the
// messages it created or changed are written to search_messages (an edit replaces the row, a
// delete removes it at once). Writes for one conversation run in commit order, and each records
// how far its segment is indexed. A low-priority crawler indexes, one segment at a time, what
// no commit did: history from before the index existed, or commits a crash left unindexed.
import type { Logger } from 'pino';
import * as Y from 'yjs';
import { parseDocName } from '../../model/doc-names.ts';
import { parseHlc } from '../../model/hlc.ts';
import { messagesMap, type StoredMessage } from '../../model/schema.ts';
import type { UpdateStore } from '../../persistence/update-store.ts';
import type { SqlQueryable } from '../../persistence/sql-client.ts';
import { indexWords } from '../search/search-query.ts';
import type { Committed, SyncHook } from '../sync/hooks.ts';
import type { Room } from '../sync/room.ts';
import { authored, segmentOf } from './authored-messages.ts';

const LINK = /\bhttps?:\/\/\S/i;
/** Between two segments the crawler indexes, so a big backlog never crowds out chat. */
const CRAWL_PAUSE_MS = 200;

export class SearchIndexer implements SyncHook {
  readonly name = 'search';
  /** Per conversation: the write in flight, so the next waits for it. */
  readonly #queues = new Map<string, Promise<void>>();
  #crawler: NodeJS.Timeout | undefined;
  #crawling = false;

  constructor(
    private readonly db: SqlQueryable,
    private readonly log: Logger,
  ) {}

  afterCommit(room: Room, { created, changed }: Committed): void {
    const doc = room.docName;
    if (doc?.kind !== 'segment' || (created.length === 0 && changed.length === 0)) return;
    // Read now: the room's document moves on with the next commit.
    const rows = [...authored(room, [...created, ...changed])];
    this.#enqueue(doc.conversationId, room.name, () => this.#write(doc.conversationId, doc.index, rows, room.name, room.headSeq, false));
  }

  /** Starts the crawler; `store` reads a segment the way the relay would load it. */
  startCrawler(store: Pick<UpdateStore, 'load'>, intervalMs: number): void {
    const crawl = () => {
      if (this.#crawling) return;
      this.#crawling = true;
      this.crawlOnce(store, 10, CRAWL_PAUSE_MS)
        .catch((error: unknown) => this.log.error({ err: error }, 'crawling for the search index failed'))
        .finally(() => (this.#crawling = false));
    };
    // The first round an interval after start, not during it: a restart has enough to load.
    this.#crawler = setInterval(crawl, intervalMs);
    this.#crawler.unref();
  }

  /** Indexes the segments that are behind, oldest first, up to `batch` of them; how many it indexed. */
  async crawlOnce(store: Pick<UpdateStore, 'load'>, batch = 10, pauseMs = 0): Promise<number> {
    const behind = await this.db.query<{ name: string }>(
      `SELECT d.name FROM docs d LEFT JOIN search_positions p ON p.doc = d.name
       WHERE d.name LIKE 'c:%:s:%' AND d.head_seq > coalesce(p.seq, 0)
       ORDER BY d.created_at LIMIT $1`,
      [batch],
    );
    for (const { name } of behind) {
      const doc = parseDocName(name);
      if (doc?.kind !== 'segment') continue;
      // Loaded inside the conversation's queue: every commit indexed before is in the copy, and
      // every one after it is indexed after it, so an older copy never overwrites a newer edit.
      await this.#enqueue(doc.conversationId, name, async () => {
        const loaded = await store.load(name);
        const ydoc = new Y.Doc();
        for (const update of loaded.updates) Y.applyUpdate(ydoc, update);
        const rows = [...authored(segmentOf(ydoc), messagesMap(ydoc).keys())];
        ydoc.destroy();
        await this.#write(doc.conversationId, doc.index, rows, name, loaded.headSeq, true);
      });
      // Low priority: chat goes first between two segments.
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
    return behind.length;
  }

  /** Forgets what is indexed of a conversation, so the crawler builds it again from the documents. */
  async reindex(conversationId: string): Promise<void> {
    await this.#enqueue(conversationId, conversationId, async () => {
      await this.db.query('DELETE FROM search_messages WHERE conversation_id = $1', [conversationId]);
      await this.db.query(`DELETE FROM search_positions WHERE doc LIKE $1`, [`c:${conversationId}:s:%`]);
    });
  }

  #enqueue(conversationId: string, docName: string, write: () => Promise<void>): Promise<void> {
    const previous = this.#queues.get(conversationId) ?? Promise.resolve();
    const next = previous
      .then(write)
      .catch((error: unknown) => this.log.error({ err: error, doc: docName }, 'updating the search index failed'));
    this.#queues.set(conversationId, next);
    void next.then(() => {
      if (this.#queues.get(conversationId) === next) this.#queues.delete(conversationId);
    });
    return next;
  }

  async flush(): Promise<void> {
    clearInterval(this.#crawler);
    await Promise.all(this.#queues.values());
  }

  async #write(
    conversationId: string,
    segment: number,
    rows: { id: string; message: StoredMessage; author: string }[],
    docName: string,
    seq: number,
    whole: boolean,
  ): Promise<void> {
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
    // Only the crawler, which indexes a whole segment, creates its position; a commit's few
    // messages move it on. So a segment the index never saw whole (older history, a reindex) is
    // crawled even while people write in it.
    await this.db.query(
      whole
        ? `INSERT INTO search_positions (doc, seq) VALUES ($1, $2)
           ON CONFLICT (doc) DO UPDATE SET seq = greatest(search_positions.seq, EXCLUDED.seq)`
        : 'UPDATE search_positions SET seq = greatest(seq, $2) WHERE doc = $1',
      [docName, seq],
    );
  }
}
