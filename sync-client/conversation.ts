// A conversation as the app reads it: its head document and the segments loaded so far. Opening
// loads the newest segments until the first screen is full; older ones load on demand (infinite
// scroll); a segment the relay lists later (rollover) opens by itself so new messages keep coming.
import type * as Y from 'yjs';
import { authorResolver } from '#model/authors.ts';
import { headDocName } from '#model/doc-names.ts';
import { listMessages, type ListedMessage } from '#model/messages.ts';
import { mergeOrdered } from '#model/order.ts';
import { latestSegment, readSegments, segmentFor, type SegmentRef } from '#model/segments.ts';
import { openDocument, type ConnectionStatus, type OpenedDocument, type OpenOptions, type StoppedStatus } from './open-document.ts';

export interface ConversationOptions extends Omit<OpenOptions, 'name'> {
  conversationId: string;
  /** The signed-in user, so this device's unbound messages show as theirs. */
  userId: string;
  /** Messages the first screen shows; opening loads segments until it has them (default 50). */
  firstScreen?: number;
  /**
   * clientIDs this device wrote with in earlier sessions (before a reload), so messages still
   * unbound by the relay show as the user's; the current sessions' own clientIDs need no listing.
   */
  localClients?: ReadonlySet<number>;
  /**
   * Called while opening waits for the relay's copy of a document this device does not hold yet
   * (a conversation never opened here) and an attempt to reach the relay failed; opening goes on
   * once the relay answers.
   */
  onUnreachable?: () => void;
}

/** The relay refused a document for good (not a member any more, no such conversation). */
export class DocumentStoppedError extends Error {
  constructor(readonly status: StoppedStatus) {
    super(status.denial?.message ?? (status.reason || `The relay closed the document (${status.code})`));
    this.name = 'DocumentStoppedError';
  }
}

export class Conversation {
  readonly #options: ConversationOptions;
  readonly head: OpenedDocument;
  /** Loaded segments by index. */
  readonly segments = new Map<number, OpenedDocument>();
  readonly #opening = new Map<number, Promise<OpenedDocument>>();
  readonly #listeners = new Set<() => void>();
  #closed = false;

  private constructor(options: ConversationOptions, head: OpenedDocument) {
    this.#options = options;
    this.head = head;
    head.doc.on('update', this.#onHeadUpdate);
  }

  static async open(options: ConversationOptions): Promise<Conversation> {
    const head = await openDocument({ ...options, name: headDocName(options.conversationId) });
    try {
      await ready(head, () => readSegments(head.doc).length > 0, options.onUnreachable);
    } catch (error) {
      await head.close();
      throw error;
    }
    const conversation = new Conversation(options, head);
    const wanted = options.firstScreen ?? 50;
    const latest = latestSegment(conversation.list);
    if (latest) await conversation.#load(latest, options.onUnreachable);
    for (let next = conversation.nextOlder; next && conversation.messages().length < wanted; next = conversation.nextOlder)
      await conversation.#load(next, options.onUnreachable);
    return conversation;
  }

  /** The segments the head lists, oldest first. */
  get list(): SegmentRef[] {
    return readSegments(this.head.doc);
  }

  /**
   * The segment loadOlder loads next: the newest listed one not loaded yet below the newest loaded
   * one. First any the relay listed and filled while this device was away (only the newest opens by
   * itself), then older history.
   */
  get nextOlder(): SegmentRef | undefined {
    const loaded = [...this.#opening.keys()];
    const newest = loaded.length === 0 ? Infinity : Math.max(...loaded);
    return this.list.filter((ref) => ref.index < newest && !this.#opening.has(ref.index)).at(-1);
  }

  get hasOlder(): boolean {
    return this.nextOlder !== undefined;
  }

  /** Loads the next older segment; resolves to the number of messages it added. */
  async loadOlder(): Promise<number> {
    const next = this.nextOlder;
    if (!next) return 0;
    const before = this.messages().length;
    await this.#load(next);
    return this.messages().length - before;
  }

  /** Messages of the loaded segments, in display order. */
  messages(): ListedMessage[] {
    const { userId, localClients } = this.#options;
    const lists = [...this.segments.values()].map(({ doc }) => {
      const bound = authorResolver(doc, userId);
      return listMessages(doc, (client) => bound(client) ?? (localClients?.has(client) ? userId : undefined));
    });
    return mergeOrdered(...lists);
  }

  /**
   * Resolves once the head and the newest segments have synced with the relay: what this device
   * missed while away has arrived. Never resolves while offline.
   */
  async synced(): Promise<void> {
    await this.head.whenSynced;
    // The head's sync may have listed a newer segment, which #onHeadUpdate is opening by now.
    const segments = await Promise.all(this.#opening.values());
    await Promise.all(segments.map((segment) => segment.whenSynced));
  }

  /**
   * Resolves once this device has what it can get for now: 'synced' as synced() does, or 'offline'
   * when an attempt to reach the relay failed first (until it answers, this device's copy is all
   * there is).
   */
  async caughtUp(): Promise<'synced' | 'offline'> {
    let unsubscribe = (): void => {};
    const offline = new Promise<'offline'>((resolve) => {
      const check = ({ state }: ConnectionStatus): void => {
        if (state === 'offline') resolve('offline');
      };
      unsubscribe = this.head.onStatus(check);
      check(this.head.status);
    });
    try {
      return await Promise.race([this.synced().then(() => 'synced' as const), offline]);
    } finally {
      unsubscribe();
    }
  }

  /** The document a message stamped `hlc` goes to, loading its segment when needed. */
  async documentFor(hlc: string): Promise<Y.Doc> {
    const ref = segmentFor(this.list, hlc);
    if (!ref) throw new Error('The conversation lists no segments yet');
    return (await this.#load(ref)).doc;
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.head.doc.off('update', this.#onHeadUpdate);
    const opened = await Promise.all(this.#opening.values());
    await Promise.all([this.head.close(), ...opened.map((segment) => segment.close())]);
  }

  #load(ref: SegmentRef, onUnreachable?: () => void): Promise<OpenedDocument> {
    let opening = this.#opening.get(ref.index);
    if (!opening) {
      opening = openDocument({ ...this.#options, name: ref.id }).then(async (segment) => {
        await ready(segment, () => segment.doc.share.size > 0, onUnreachable);
        segment.doc.on('update', this.#notify);
        this.segments.set(ref.index, segment);
        this.#notify();
        return segment;
      });
      this.#opening.set(ref.index, opening);
    }
    return opening;
  }

  #onHeadUpdate = (): void => {
    const latest = latestSegment(this.list);
    if (!this.#closed && latest && !this.#opening.has(latest.index) && this.#opening.size > 0) void this.#load(latest);
    this.#notify();
  };

  #notify = (): void => {
    for (const listener of this.#listeners) listener();
  };
}

/**
 * A document is ready once synced with the relay, or at once when a local copy has content. It
 * fails with DocumentStoppedError when the relay refuses it before the first sync. Waiting, it
 * calls `onUnreachable` whenever an attempt to reach the relay fails.
 */
async function ready(opened: OpenedDocument, hasLocalContent: () => boolean, onUnreachable?: () => void): Promise<void> {
  if (hasLocalContent()) return;
  await new Promise<void>((resolve, reject) => {
    if (opened.status.state === 'stopped') {
      reject(new DocumentStoppedError(opened.status));
      return;
    }
    if (opened.status.state === 'offline') onUnreachable?.();
    const unsubscribe = opened.onStatus((status) => {
      if (status.state === 'offline') onUnreachable?.();
      if (status.state !== 'stopped') return;
      unsubscribe();
      reject(new DocumentStoppedError(status));
    });
    void opened.whenSynced.then(() => {
      unsubscribe();
      resolve();
    });
  });
}
