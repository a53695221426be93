// One open conversation as the screen shows it: the messages of the loaded segments with their
// delivery status, and the writes the user makes. Built on lib/sync's Conversation.
import { clearDocument } from 'y-indexeddb';
import type * as Y from 'yjs';
import { z } from 'zod';
import {
  IDLE_TYPING,
  isTypingFresh,
  nextTyping,
  readPeers,
  addReaction,
  createHlc,
  deleteMessage,
  editMessage,
  firstUnread,
  formatHlc,
  messageId,
  messagesMap,
  nodeFromClientId,
  parseHlc,
  receive,
  removeReaction,
  sendMessage,
  tick,
  type Draft,
  type Hlc,
  type AwarenessState,
  type ListedMessage,
  type Peer,
  type TypingSignal,
  type UsernameLookup,
} from '../../../../model/index.ts';
import { Conversation, DocumentStoppedError } from '../sync/conversation.ts';
import { messageStatus, type MessageStatus } from '../sync/message-status.ts';
import type { ConnectionStatus, OpenedDocument } from '../sync/open-document.ts';
import { relayBaseUrl } from '../sync/relay-url.ts';
import { ApiError, errorMessage } from '../api/request.ts';
import { session } from '../session/session.svelte.ts';
import { readJson, writeJson } from '../storage/local-json.ts';
import { LocalClients } from './local-clients.ts';

export interface ViewMessage extends ListedMessage {
  mine: boolean;
  /** Only for the user's own messages. */
  status: MessageStatus | undefined;
  /** Why the relay refused it, when `status` is 'failed'. */
  failure?: string;
}

/** Another member's read position reached one of my messages. */
export interface SeenBy {
  messageId: string;
  names: string[];
}

interface ReadPosition {
  name: string;
  hlc: string;
}

export type Phase = 'opening' | 'ready' | 'removed' | 'failed';

/** Close codes after which the relay will not let this user back into the conversation. */
const NO_ACCESS_CODES = new Set([4403, 4404]);
/** The relay refused an update: removal, or a write this user may not make. */
const REFUSED_CODE = 4403;
/**
 * Older segments opened at most to find where unread messages start. Opening stays cheap for
 * someone far behind; their divider moves up to the first unread message as they scroll to it.
 */
const UNREAD_PAGES = 2;

export class ConversationView {
  messages = $state.raw<ViewMessage[]>([]);
  phase = $state<Phase>('opening');
  failure = $state<string | null>(null);
  connection = $state<ConnectionStatus['state']>('connecting');
  hasOlder = $state(false);
  /** The other members with this conversation open, from awareness on its newest segment. */
  peers = $state.raw<Peer[]>([]);
  /**
   * Whether the unread divider has its place: the user's read marker is known and what they missed
   * while away has arrived. Until then nothing is marked read, so the marker stays where it was.
   */
  settled = $state(false);
  /**
   * The read marker the conversation opened with, when there was something unread after it. Kept
   * while the conversation is open, so the divider stays put however far the marker moves.
   */
  #unread = $state.raw<{ after: string | null } | null>(null);
  /** Index of the first unread message, where the divider goes; -1 for none. */
  readonly unreadFrom = $derived.by(() => (this.#unread === null ? -1 : firstUnread(this.messages, this.userId, this.#unread.after)));

  /**
   * The furthest read position seen of each other member, kept after they close the
   * conversation (awareness only has those who have it open) so receipts do not go back.
   */
  readPositions = $state.raw<Readonly<Record<string, ReadPosition>>>({});

  /** Who read my newest message that someone read. */
  readonly seenBy = $derived.by((): SeenBy | null => {
    const message = this.messages.findLast((candidate) => candidate.mine && !candidate.deleted && candidate.status === 'read');
    if (!message) return null;
    const names = Object.values(this.readPositions)
      .filter((position) => position.hlc >= message.hlc)
      .map((position) => position.name);
    return names.length > 0 ? { messageId: message.id, names } : null;
  });

  #conversation: Conversation | null = null;
  #clock: Hlc | null = null;
  #closed = false;
  #scheduled = false;
  readonly #watched = new Set<OpenedDocument>();
  /**
   * Segments whose updates from this device the relay refused while the user is still a member,
   * with the relay's reason (e.g. the device's clock is wrong).
   */
  readonly #refused = new Map<OpenedDocument, string>();
  #unsubscribe: (() => void)[] = [];
  readonly #localClients: LocalClients;
  readonly #readsKey: string;
  /** The segment this device publishes its awareness state on. */
  #present: OpenedDocument | null = null;
  #local: AwarenessState = { presence: 'online', typing: false, readUpTo: null };
  #typing: TypingSignal = IDLE_TYPING;
  #ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly conversationId: string,
    readonly userId: string,
    readonly getToken: (rejected?: string) => Promise<string>,
    /** How far the user had read before opening (null: nothing). */
    readonly readMarker: Promise<string | null>,
  ) {
    this.#localClients = new LocalClients(userId, conversationId);
    this.#readsKey = `parley:reads:${userId}:${conversationId}`;
    this.readPositions = readJson(this.#readsKey, z.record(z.string(), z.object({ name: z.string(), hlc: z.string() })), {});
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
      });
      if (this.#closed) {
        await conversation.close();
        return;
      }
      this.#conversation = conversation;
      this.#clock = createHlc(nodeFromClientId(conversation.head.doc.clientID));
      this.#unsubscribe.push(conversation.onChange(this.#schedule));
      this.phase = 'ready';
      this.#ticker = setInterval(this.#tick, 1_000);
      this.#refresh();
      if (!this.settled) void this.#settle(conversation);
    } catch (error) {
      if (error instanceof DocumentStoppedError && NO_ACCESS_CODES.has(error.code)) this.phase = 'removed';
      else {
        this.phase = 'failed';
        this.failure = errorMessage(error);
      }
    }
  }

  async send(draft: Draft): Promise<void> {
    const conversation = this.#requireOpen();
    const hlc = this.#nextClock();
    const doc = await conversation.documentFor(formatHlc(hlc));
    this.#localClients.add(doc.clientID);
    sendMessage(doc, draft, { hlc, id: messageId(hlc, doc.clientID) });
    this.#typed('send');
  }

  /** The user typed in the composer. */
  typed(): void {
    this.#typed('input');
  }

  setPresence(presence: AwarenessState['presence']): void {
    this.#publish({ presence });
  }

  /** The newest message the user has in front of them, for the others' read receipts. */
  setReadUpTo(hlc: string): void {
    if (this.#local.readUpTo === null || hlc > this.#local.readUpTo) this.#publish({ readUpTo: hlc });
  }

  edit(id: string, text: string, lookup: UsernameLookup): void {
    const doc = this.#docOf(id);
    this.#localClients.add(doc.clientID);
    editMessage(doc, id, text, Date.now(), lookup);
  }

  remove(id: string): void {
    const doc = this.#docOf(id);
    this.#localClients.add(doc.clientID);
    deleteMessage(doc, id);
  }

  toggleReaction(id: string, emoji: string): void {
    const doc = this.#docOf(id);
    this.#localClients.add(doc.clientID);
    const message = this.messages.find((m) => m.id === id);
    const reacted = message?.reactions.some((reaction) => reaction.emoji === emoji && reaction.users.includes(this.userId));
    if (reacted) removeReaction(doc, id, emoji, this.userId);
    else addReaction(doc, id, emoji, this.userId);
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
    await this.send({ text: message.text, mentions: message.mentions, ...(message.replyTo ? { replyTo: message.replyTo } : {}) });
  }

  /** Deletes this device's copy of the refused segments (and its undelivered changes) and reopens. */
  async discard(): Promise<void> {
    const conversation = this.#requireOpen();
    const names = [...this.#refused.keys()].map((opened) => opened.provider.roomname);
    this.#detach();
    this.#conversation = null;
    this.#refused.clear();
    this.#watched.clear();
    this.#present = null;
    this.phase = 'opening';
    await conversation.close();
    await Promise.all(names.map((name) => clearDocument(name)));
    await this.open();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#detach();
    await this.#conversation?.close();
  }

  #detach(): void {
    clearInterval(this.#ticker);
    this.#present?.provider.awareness.off('change', this.#readPeers);
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
  }

  #requireOpen(): Conversation {
    if (!this.#conversation) throw new Error('The conversation is not open yet');
    return this.#conversation;
  }

  /** Places the unread divider once the read marker is known and the conversation has caught up. */
  async #settle(conversation: Conversation): Promise<void> {
    const [after] = await Promise.all([this.readMarker, conversation.synced()]);
    for (let page = 0; page < UNREAD_PAGES && this.#conversation === conversation; page++) {
      const next = conversation.nextOlder;
      // The next segment ends where the one after it starts: not after the marker, all of it is read.
      const end = next && conversation.list.find((ref) => ref.index === next.index + 1)?.firstHlc;
      const mayBeUnread = end !== undefined && (after === null || end > after);
      if (!mayBeUnread || firstUnread(conversation.messages(), this.userId, after) < 0) break;
      await this.loadOlder();
    }
    if (this.#conversation !== conversation) return;
    if (firstUnread(conversation.messages(), this.userId, after) >= 0) this.#unread = { after };
    this.settled = true;
  }

  /** The segment document that holds message `id`. */
  #docOf(id: string): Y.Doc {
    for (const { doc } of this.#requireOpen().segments.values()) if (messagesMap(doc).has(id)) return doc;
    throw new Error(`Message ${id} is not loaded`);
  }

  /** A clock after every message seen, so a new message never sorts above one already shown. */
  #nextClock(): Hlc {
    const now = Date.now();
    let clock = this.#clock ?? createHlc('0');
    const newest = parseHlc(this.messages.at(-1)?.hlc ?? '');
    if (newest) clock = receive(clock, newest, now);
    clock = tick(clock, now);
    this.#clock = clock;
    return clock;
  }

  /** A segment closed with 4403: an update the user may not make if still a member, else removal. */
  async #refusedOrRemoved(opened: OpenedDocument, reason: string): Promise<void> {
    try {
      const { members } = await session.api.members(this.conversationId);
      if (members.some((member) => member.userId === this.userId)) this.#refused.set(opened, reason);
      else this.phase = 'removed';
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'forbidden' || error.code === 'not_found')) this.phase = 'removed';
      else this.#refused.set(opened, reason);
    }
    this.#schedule();
  }

  #typed(event: 'input' | 'send' | 'tick'): void {
    const { signal, publish } = nextTyping(this.#typing, event, Date.now());
    this.#typing = signal;
    if (publish) this.#publish({ typing: signal.typing });
  }

  #tick = (): void => {
    this.#typed('tick');
    // A peer whose typing flag went stale (their tab closed mid-word) stops showing as typing.
    this.#readPeers();
  };

  #publish(change: Partial<AwarenessState>): void {
    this.#local = { ...this.#local, ...change };
    this.#present?.provider.awareness.setLocalState(this.#local);
  }

  /** Publishes on the newest segment, moving there when the conversation rolls over. */
  #follow(newest: OpenedDocument | undefined): void {
    if (!newest || newest === this.#present) return;
    if (this.#present) {
      this.#present.provider.awareness.off('change', this.#readPeers);
      this.#present.provider.awareness.setLocalState(null);
    }
    this.#present = newest;
    newest.provider.awareness.on('change', this.#readPeers);
    newest.provider.awareness.setLocalState(this.#local);
    this.#readPeers();
  }

  #readPeers = (): void => {
    const awareness = this.#present?.provider.awareness;
    if (!awareness) return;
    const now = Date.now();
    const states = new Map<number, unknown>();
    for (const [client, state] of awareness.getStates()) {
      const updatedAt = awareness.meta.get(client)?.lastUpdated ?? 0;
      states.set(client, isTypingFresh(updatedAt, now) ? state : { ...state, typing: false });
    }
    const peers = readPeers(states, this.userId);
    if (JSON.stringify(peers) !== JSON.stringify(this.peers)) this.peers = peers;
    const moved = peers.filter((peer) => peer.readUpTo !== null && peer.readUpTo > (this.readPositions[peer.userId]?.hlc ?? ''));
    if (moved.length === 0) return;
    const positions = { ...this.readPositions };
    for (const peer of moved) positions[peer.userId] = { name: peer.name, hlc: peer.readUpTo ?? '' };
    this.readPositions = positions;
    writeJson(this.#readsKey, positions);
    this.#schedule();
  };

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
    const documents = [conversation.head, ...conversation.segments.values()];
    for (const opened of documents) this.#watch(opened);

    const local = new Set([...this.#localClients.ids, ...documents.map((opened) => opened.doc.clientID)]);
    const segments = [...conversation.segments.values()];
    this.#follow(conversation.segments.get(Math.max(...conversation.segments.keys())));
    const otherReadPositions = Object.values(this.readPositions).map((position) => position.hlc);
    this.messages = conversation.messages().map((message) => {
      const mine = message.author === this.userId;
      let status: MessageStatus | undefined;
      let failure: string | undefined;
      if (mine) {
        const holder = segments.find(({ doc }) => messagesMap(doc).has(message.id));
        if (holder) {
          status = messageStatus(holder.doc, message, {
            isStored: (item) => holder.stored.isStored(item),
            localClients: local,
            otherReadPositions,
            refused: this.#refused.has(holder),
          });
          if (status === 'failed') failure = this.#refused.get(holder);
        }
      }
      return { ...message, mine, status, failure };
    });
    this.hasOlder = conversation.hasOlder;
    this.connection = conversation.head.status.state;
  }

  /** Follows a document's connection (removal closes it with 4403) and what the relay stored of it. */
  #watch(opened: OpenedDocument): void {
    if (this.#watched.has(opened)) return;
    this.#watched.add(opened);
    const onStatus = (status: ConnectionStatus): void => {
      if (status.state === 'stopped' && status.code === REFUSED_CODE && opened !== this.#conversation?.head) void this.#refusedOrRemoved(opened, status.reason);
      else if (status.state === 'stopped' && NO_ACCESS_CODES.has(status.code)) this.phase = 'removed';
      this.#schedule();
    };
    this.#unsubscribe.push(opened.onStatus(onStatus), opened.stored.onChange(this.#schedule));
    if (opened.status.state === 'stopped') onStatus(opened.status);
  }
}
