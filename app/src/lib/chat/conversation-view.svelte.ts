// One open conversation as the screen shows it. It opens sync-client's Conversation and wires its
// parts together: the message feed (messages and delivery status), the writes (and their clock),
// the awareness channel (presence, typing, read receipts), the unread divider, and recovery after
// the relay refused this device's updates.
import { clearDocument } from 'y-indexeddb';
import {
  firstUnread,
  formatHlc,
  mergeOrdered,
  parseHlc,
  readPositions,
  type AwarenessState,
  type Draft,
  type ReadPosition,
  type UsernameLookup,
} from '#model/index.ts';
import { Conversation, DocumentStoppedError } from '#sync-client/conversation.ts';
import type { ConnectionStatus, OpenedDocument } from '#sync-client/open-document.ts';
import { relayBaseUrl } from '../sync/relay-url.ts';
import { errorMessage } from '../api/request.ts';
import { rememberAttachmentPreviews } from '../conversations/attachment-previews.svelte.ts';
import { outboxFor, type MediaOutbox, type MessageWriter } from '../media/media-outbox.svelte.ts';
import type { Probe } from '../media/probe.ts';
import { AwarenessChannel } from './awareness-channel.svelte.ts';
import { ConversationWrites } from './conversation-writes.ts';
import { LocalClients } from './local-clients.ts';
import { MessageFeed } from './message-feed.svelte.ts';
import { furthestPositions, seenBy, type ReadPositions, type SeenBy } from './read-receipts.ts';
import { stopOutcome, type NoAccessReason } from './refusals.ts';
import { findUnreadStart, UNREAD_PAGES } from './unread-divider.ts';
import type { ViewMessage } from './view-messages.ts';

export type { SeenBy } from './read-receipts.ts';
export type { ViewMessage } from './view-messages.ts';

/** 'not-on-device': opening waits for the relay's copy, and the relay cannot be reached (offline). */
export type Phase = 'opening' | 'not-on-device' | 'ready' | 'no-access' | 'failed';

/** Why the conversation cannot be shown: never a member (or private), removed while a member, or no such conversation. */
export type NoAccess = NoAccessReason | 'removed';

export class ConversationView {
  phase = $state<Phase>('opening');
  failure = $state<string | null>(null);
  /** When `phase` is 'no-access': why. */
  noAccess = $state<NoAccess | null>(null);
  connection = $state<ConnectionStatus['state']>('connecting');
  /**
   * Whether the unread divider has its place: the user's read marker is known and what they missed
   * while away has arrived, or the relay cannot be reached and this device's copy is all there is.
   * Until then nothing is marked read, so the marker stays where it was.
   */
  settled = $state(false);
  /**
   * The read marker the conversation opened with, when there was something unread after it. Kept
   * while the conversation is open, so the divider stays put however far the marker moves.
   */
  #unread = $state.raw<{ after: string | null } | null>(null);
  /**
   * Segments (by document name) whose updates from this device the relay refused while the user
   * is still a member, with the relay's reason (e.g. the device's clock is wrong).
   */
  #refused = $state.raw<ReadonlyMap<string, string>>(new Map());

  readonly #feed: MessageFeed;
  readonly #awareness: AwarenessChannel;
  readonly #localClients: LocalClients;
  /** Messages with attachments on their way: shown at once, written once their uploads exist. */
  readonly #outbox: MediaOutbox;
  #conversation: Conversation | null = null;
  #writes: ConversationWrites | null = null;
  #writer: MessageWriter | null = null;
  #closed = false;
  #scheduled = false;
  readonly #watched = new Set<OpenedDocument>();
  #unsubscribe: (() => void)[] = [];

  /** Index of the first unread message, where the divider goes; -1 for none. */
  readonly unreadFrom = $derived.by(() => (this.#unread === null ? -1 : firstUnread(this.messages, this.userId, this.#unread.after)));
  /** How far the relay stored that each member read (the conversation's head). */
  #stored = $state.raw<ReadonlyMap<string, ReadPosition>>(new Map());
  /** How far each other member read: stored, or further live. */
  readonly readPositions = $derived.by((): ReadPositions => furthestPositions(this.#stored, this.#awareness.livePositions, this.userId));
  /** Who read my newest message that someone read. */
  readonly seenBy = $derived.by((): SeenBy | null => seenBy(this.messages, this.readPositions));

  constructor(
    readonly conversationId: string,
    readonly userId: string,
    readonly getToken: (rejected?: string) => Promise<string>,
    /** How far the user had read before opening (null: nothing). */
    readonly readMarker: Promise<string | null>,
  ) {
    this.#localClients = new LocalClients(userId, conversationId);
    this.#feed = new MessageFeed(userId, this.#localClients.ids);
    this.#awareness = new AwarenessChannel(userId, this.#schedule);
    this.#outbox = outboxFor(conversationId, userId, getToken);
  }

  /** The conversation's messages, and this device's still waiting for their uploads, in order. */
  readonly #messages = $derived.by((): ViewMessage[] =>
    this.#outbox.pending.length === 0 ? this.#feed.messages : mergeOrdered(this.#feed.messages, this.#outbox.pending),
  );

  get messages(): ViewMessage[] {
    return this.#messages;
  }

  get hasOlder(): boolean {
    return this.#feed.hasOlder;
  }

  /** The other members with this conversation open. */
  get peers(): AwarenessChannel['peers'] {
    return this.#awareness.peers;
  }

  async open(): Promise<void> {
    try {
      const conversation = await Conversation.open({
        conversationId: this.conversationId,
        userId: this.userId,
        relayUrl: relayBaseUrl(location),
        getToken: this.getToken,
        persist: true,
        localClients: this.#localClients.ids,
        onUnreachable: () => {
          if (this.phase === 'opening') this.phase = 'not-on-device';
        },
      });
      if (this.#closed) {
        await conversation.close();
        return;
      }
      this.#conversation = conversation;
      const writes = (this.#writes = new ConversationWrites(conversation, this.userId, this.#localClients, () => this.messages));
      this.#writer = {
        write: async (draft, hlc) => writes.send(draft, parseHlc(hlc) ?? writes.stamp()),
        holding: (ids) =>
          this.#feed.messages.find((message) => message.mine && message.attachments.some((item) => ids.includes(item.id)))?.id,
      };
      void this.#outbox.attach(this.#writer);
      this.#unsubscribe.push(conversation.onChange(this.#schedule));
      this.phase = 'ready';
      this.#refresh();
      if (!this.settled) void this.#settle(conversation);
    } catch (error) {
      const outcome = error instanceof DocumentStoppedError ? stopOutcome(error.status, 'head') : null;
      if (outcome?.kind === 'no-access') this.#lostAccess(outcome.reason);
      else {
        this.phase = 'failed';
        this.failure = errorMessage(error);
      }
    }
  }

  /** Opens again once the user joined the conversation the relay had refused them. */
  async rejoined(): Promise<void> {
    if (this.phase !== 'no-access') return;
    this.noAccess = null;
    this.phase = 'opening';
    await this.open();
  }

  async send(draft: Draft): Promise<void> {
    await this.#requireWrites().send(draft);
    this.#awareness.typed('send');
  }

  /**
   * Sends a message with attachments: it keeps the clock of this moment and shows at once; it is
   * written once the relay has created its uploads (offline: once back, also after a reload).
   */
  async sendWithMedia(draft: Draft, files: readonly { file: File; probe: Probe }[]): Promise<void> {
    const hlc = formatHlc(this.#requireWrites().stamp());
    await this.#outbox.queue(hlc, draft, files);
    this.#awareness.typed('send');
  }

  /** The user typed in the composer. */
  typed(): void {
    this.#awareness.typed('input');
  }

  setPresence(presence: AwarenessState['presence']): void {
    this.#awareness.setPresence(presence);
  }

  /** The newest message the user has in front of them, for the others' read receipts. */
  setReadUpTo(hlc: string): void {
    this.#awareness.setReadUpTo(hlc);
  }

  edit(id: string, text: string, lookup: UsernameLookup): void {
    this.#requireSent(id);
    this.#requireWrites().edit(id, text, lookup);
  }

  /** Deletes a message; one still waiting for its uploads is dropped with them. */
  remove(id: string): void {
    const queued = this.#outbox.keyOfView(id);
    if (queued) this.#outbox.discard(queued);
    else this.#requireWrites().remove(id);
  }

  toggleReaction(id: string, emoji: string): void {
    this.#requireSent(id);
    this.#requireWrites().toggleReaction(id, emoji);
  }

  #requireSent(id: string): void {
    if (this.#outbox.keyOfView(id)) throw new Error('This message is still being sent; try again once its files are uploaded.');
  }

  /** Loads the next older segment; resolves to the number of messages it added. */
  async loadOlder(): Promise<number> {
    if (!this.#conversation) return 0;
    const added = await this.#conversation.loadOlder();
    this.#refresh();
    return added;
  }

  /**
   * Sends a refused message again as a new one, from a fresh copy of its segment (the refused
   * one is discarded first, with everything else this device could not deliver in it).
   */
  async retry(message: ViewMessage): Promise<void> {
    await this.discard();
    await this.send({
      text: message.text,
      mentions: message.mentions,
      attachments: message.attachments,
      ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    });
  }

  /** Deletes this device's copy of the refused segments (and its undelivered changes) and reopens. */
  async discard(): Promise<void> {
    const conversation = this.#conversation;
    if (!conversation) throw new Error('The conversation is not open yet');
    const names = [...this.#refused.keys()];
    this.#detach();
    this.#conversation = null;
    this.#writes = null;
    if (this.#writer) this.#outbox.detach(this.#writer);
    this.#refused = new Map();
    this.#watched.clear();
    this.phase = 'opening';
    await conversation.close();
    await Promise.all(names.map((name) => clearDocument(name)));
    await this.open();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#detach();
    if (this.#writer) this.#outbox.detach(this.#writer);
    this.#awareness.close();
    await this.#conversation?.close();
  }

  /** Refused as not a member after it was open: the user was removed (or left on another device). */
  #lostAccess(reason: NoAccessReason): void {
    if (this.phase === 'no-access') return;
    this.noAccess = reason === 'not_a_member' && this.phase === 'ready' ? 'removed' : reason;
    this.phase = 'no-access';
  }

  #detach(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
  }

  #requireWrites(): ConversationWrites {
    if (!this.#writes) throw new Error('The conversation is not open yet');
    return this.#writes;
  }

  async #settle(conversation: Conversation): Promise<void> {
    const current = () => this.#conversation === conversation;
    const [after, caughtUp] = await Promise.all([this.readMarker, conversation.caughtUp()]);
    if (!current()) return;
    const offline = caughtUp === 'offline';
    // Offline, older segments may not be on this device: the divider goes by what is loaded.
    const unread = await findUnreadStart(conversation, this.userId, after, current, offline ? 0 : UNREAD_PAGES);
    if (!current()) return;
    this.#unread = unread;
    // Offline, the newest message here is read once in view, so the badge goes without the relay.
    this.settled = true;
    if (!offline || unread) return;
    // What the relay brings once it answers arrived while away: the divider goes above it.
    const held = conversation.messages().at(-1)?.hlc ?? null;
    const seen = held !== null && (after === null || held > after) ? held : after;
    await conversation.synced();
    if (!current() || this.#unread) return;
    const missed = await findUnreadStart(conversation, this.userId, seen, current);
    if (current() && !this.#unread) this.#unread = missed;
  }

  #schedule = (): void => {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      if (!this.#closed) this.#refresh();
    });
  };

  #refresh(): void {
    const conversation = this.#conversation;
    if (!conversation) return;
    for (const opened of [conversation.head, ...conversation.segments.values()]) this.#watch(opened);
    const newest = conversation.segments.get(Math.max(...conversation.segments.keys()));
    if (newest) this.#awareness.follow(newest.provider.awareness);
    const stored = readPositions(conversation.head.doc);
    if (JSON.stringify([...stored]) !== JSON.stringify([...this.#stored])) this.#stored = stored;
    const otherReadPositions = [...this.readPositions.values()].map((position) => position.hlc);
    this.#feed.read(conversation, otherReadPositions, this.#refused);
    rememberAttachmentPreviews(this.conversationId, this.#feed.messages.slice(-5));
    this.connection = conversation.head.status.state;
  }

  /** Follows a document's connection (the relay stops it on removal or a refused write) and what the relay stored of it. */
  #watch(opened: OpenedDocument): void {
    if (this.#watched.has(opened)) return;
    this.#watched.add(opened);
    const onStatus = (status: ConnectionStatus): void => {
      if (status.state === 'stopped') {
        const outcome = stopOutcome(status, opened === this.#conversation?.head ? 'head' : 'segment');
        if (outcome.kind === 'no-access') this.#lostAccess(outcome.reason);
        else if (outcome.kind === 'refused') this.#refused = new Map([...this.#refused, [opened.provider.roomname, outcome.reason]]);
      }
      this.#schedule();
    };
    this.#unsubscribe.push(opened.onStatus(onStatus), opened.stored.onChange(this.#schedule));
    if (opened.status.state === 'stopped') onStatus(opened.status);
  }
}
