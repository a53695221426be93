// The signed-in user's inbox document (`i:<userId>`), which the relay keeps: per conversation the
// last activity, a preview of the newest message, unread and mention counts. This device writes
// the read marker back, so badges clear on every device of the user.
import { inboxDocName } from '../../../../model/doc-names.ts';
import { listConversations, setReadMarker, type Conversation } from '../../../../model/inbox.ts';
import { session } from '../session/session.svelte.ts';
import { openDocument, type OpenedDocument } from '../sync/open-document.ts';
import { relayBaseUrl } from '../sync/relay-url.ts';

/** Read markers wait this long, so scrolling through a burst of messages writes once. */
export const READ_MARKER_DELAY_MS = 500;

export class Inbox {
  /** Conversation id → what the relay keeps for it. */
  entries = $state.raw<ReadonlyMap<string, Conversation>>(new Map());

  #opened: OpenedDocument | null = null;
  readonly #loaded: Promise<OpenedDocument>;
  readonly #pendingMarks = new Map<string, string>();
  #markTimer: ReturnType<typeof setTimeout> | undefined;

  /** `onEntries` hears every new set of entries, from the local copy or the relay. */
  constructor(
    readonly userId: string,
    readonly onEntries: (entries: ReadonlyMap<string, Conversation>) => void = () => {},
  ) {
    this.#loaded = this.#open();
  }

  /**
   * How far the user had read `conversationId` (null: nothing yet), from this device's copy once it
   * lists the conversation, else once the relay's copy arrived. A mark still waiting to be written
   * counts too.
   */
  async readMarker(conversationId: string): Promise<string | null> {
    const opened = await this.#loaded;
    if (!this.entries.has(conversationId)) await opened.whenSynced;
    const stored = this.entries.get(conversationId)?.readMarker ?? null;
    const pending = this.#pendingMarks.get(conversationId) ?? null;
    return pending !== null && (stored === null || pending > stored) ? pending : stored;
  }

  /** Marks `conversationId` read up to the message stamped `hlc`, after a short delay. */
  markRead(conversationId: string, hlc: string): void {
    const pending = this.#pendingMarks.get(conversationId);
    if (pending !== undefined && pending >= hlc) return;
    this.#pendingMarks.set(conversationId, hlc);
    clearTimeout(this.#markTimer);
    this.#markTimer = setTimeout(this.#writeMarks, READ_MARKER_DELAY_MS);
  }

  async #open(): Promise<OpenedDocument> {
    const opened = await openDocument({ name: inboxDocName(this.userId), relayUrl: relayBaseUrl(location), getToken: session.getToken, persist: true });
    this.#opened = opened;
    opened.doc.on('update', this.#read);
    this.#read();
    this.#writeMarks();
    return opened;
  }

  #read = (): void => {
    if (!this.#opened) return;
    this.entries = new Map(listConversations(this.#opened.doc).map((entry) => [entry.id, entry]));
    this.onEntries(this.entries);
    // Marks waiting for their entry: written outside the update that brought it.
    if (this.#pendingMarks.size > 0) queueMicrotask(this.#writeMarks);
  };

  #writeMarks = (): void => {
    const doc = this.#opened?.doc;
    if (!doc) return;
    for (const [conversationId, hlc] of this.#pendingMarks) {
      // The relay creates entries; one not synced yet is marked once it arrives.
      if (!this.entries.has(conversationId)) continue;
      setReadMarker(doc, conversationId, hlc);
      this.#pendingMarks.delete(conversationId);
    }
  };
}
