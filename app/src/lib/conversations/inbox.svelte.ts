// The signed-in user's inbox document (`i:<userId>`): one entry per conversation, with what the
// relay keeps (title, members, last activity, preview, unread and mention counts) and what the
// user's devices write back: the read marker, so badges clear on every device, and the draft.
import { inboxDocName } from '#model/doc-names.ts';
import { listConversations, setDraft, setReadMarker, type Conversation } from '#model/inbox.ts';
import { codePointLength, MAX_TEXT_LENGTH } from '#model/validation.ts';
import { presence } from '../session/presence.svelte.ts';
import { session } from '../session/session.svelte.ts';
import { openDocument, type OpenedDocument } from '#sync-client/open-document.ts';
import { relayBaseUrl } from '../sync/relay-url.ts';
import { withLocalRead } from './local-read.ts';

/** Read markers wait this long, so scrolling through a burst of messages writes once. */
export const READ_MARKER_DELAY_MS = 500;
/** Drafts wait this long, so typing writes once a pause rather than once a key. */
export const DRAFT_DELAY_MS = 300;

export class Inbox {
  /** Conversation id → its entry, with no unread count once this device's read marker reached its newest message. */
  entries = $state.raw<ReadonlyMap<string, Conversation>>(new Map());
  /** This device's copy has been read. */
  loaded = $state(false);
  /** The relay's copy has arrived at least once. */
  synced = $state(false);
  /** The last attempt to reach the relay failed (offline, or it refused). */
  unreachable = $state(false);

  #opened: OpenedDocument | null = null;
  readonly #loaded: Promise<OpenedDocument>;
  readonly #pendingMarks = new Map<string, string>();
  #markTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #pendingDrafts = new Map<string, string>();
  #draftTimer: ReturnType<typeof setTimeout> | undefined;

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
    const stored = (await this.#entry(conversationId))?.readMarker ?? null;
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

  /** The unsent text of `conversationId`, as left on any of the user's devices ('' for none). */
  async draft(conversationId: string): Promise<string> {
    const stored = (await this.#entry(conversationId))?.draft ?? '';
    return this.#pendingDrafts.get(conversationId) ?? stored;
  }

  /** Saves the unsent text after a short pause; clearing it (a send) is written at once. */
  saveDraft(conversationId: string, text: string): void {
    this.#pendingDrafts.set(conversationId, text);
    clearTimeout(this.#draftTimer);
    this.#draftTimer = undefined;
    // A reload right after sending must not bring the sent text back.
    if (text === '') this.#writeDrafts();
    else this.#draftTimer = setTimeout(this.#writeDrafts, DRAFT_DELAY_MS);
  }

  /** The entry from this device's copy once it lists it, else from the relay's once that arrived. */
  async #entry(conversationId: string): Promise<Conversation | undefined> {
    const opened = await this.#loaded;
    if (!this.entries.has(conversationId)) await opened.whenSynced;
    return this.entries.get(conversationId);
  }

  async #open(): Promise<OpenedDocument> {
    const opened = await openDocument({
      name: inboxDocName(this.userId),
      relayUrl: relayBaseUrl(location),
      getToken: session.getToken,
      persist: true,
    });
    this.#opened = opened;
    presence.listen(opened.provider);
    opened.doc.on('update', this.#read);
    opened.onStatus(({ state }) => {
      if (state === 'online') this.synced = true;
      if (state !== 'connecting') this.unreachable = state !== 'online';
    });
    // Typed or read just before the page goes: written now rather than after a pause that never comes.
    addEventListener('pagehide', this.#writeDrafts);
    addEventListener('pagehide', this.#writeMarks);
    this.#read();
    this.loaded = true;
    this.#writeMarks();
    this.#writeDrafts();
    return opened;
  }

  #read = (): void => {
    if (!this.#opened) return;
    this.entries = new Map(listConversations(this.#opened.doc).map((entry) => [entry.id, withLocalRead(entry)]));
    this.onEntries(this.entries);
    // Writes waiting for their entry: made outside the update that brought it.
    if (this.#pendingMarks.size > 0) queueMicrotask(this.#writeMarks);
    if (this.#pendingDrafts.size > 0 && this.#draftTimer === undefined) queueMicrotask(this.#writeDrafts);
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

  #writeDrafts = (): void => {
    clearTimeout(this.#draftTimer);
    this.#draftTimer = undefined;
    const doc = this.#opened?.doc;
    if (!doc) return;
    doc.transact(() => {
      for (const [conversationId, text] of this.#pendingDrafts) {
        if (!this.entries.has(conversationId)) continue;
        this.#pendingDrafts.delete(conversationId);
        // Longer than a message may be: sending it says so; the draft kept is the last that fitted.
        if (codePointLength(text) <= MAX_TEXT_LENGTH) setDraft(doc, conversationId, text);
      }
    });
  };
}
