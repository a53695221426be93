// The user's writes to an open conversation (send, edit, delete, react), each to the segment that
// holds it, and the hybrid logical clock that stamps new messages.
import type * as Y from 'yjs';
import {
  addReaction,
  createHlc,
  deleteMessage,
  editMessage,
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
  type ListedMessage,
  type UsernameLookup,
} from '#model/index.ts';

/** What writing needs of a conversation (sync-client's Conversation has it). */
export interface WritableConversation {
  readonly head: { readonly doc: Y.Doc };
  readonly segments: ReadonlyMap<number, { readonly doc: Y.Doc }>;
  /** The segment a message stamped `hlc` goes to, loading it when needed. */
  documentFor(hlc: string): Promise<Y.Doc>;
}

/** A clock after `newest` (the newest message shown), so a new message never sorts above one already shown. */
export function nextClock(clock: Hlc, newest: string | undefined, now: number): Hlc {
  const seen = parseHlc(newest ?? '');
  return tick(seen ? receive(clock, seen, now) : clock, now);
}

export class ConversationWrites {
  #clock: Hlc;

  constructor(
    readonly conversation: WritableConversation,
    readonly userId: string,
    /** Told every document this device writes with, so its unbound messages stay the user's after a reload. */
    readonly localClients: { add(clientID: number): void },
    /** The messages shown, newest last. */
    readonly shown: () => readonly ListedMessage[],
  ) {
    this.#clock = createHlc(nodeFromClientId(conversation.head.doc.clientID));
  }

  /** The clock of a message sent now: after every message shown. */
  stamp(): Hlc {
    return (this.#clock = nextClock(this.#clock, this.shown().at(-1)?.hlc, Date.now()));
  }

  /** Writes `draft` stamped `hlc` (now, or when send was pressed for a message that waited for its uploads); answers its id. */
  async send(draft: Draft, hlc: Hlc = this.stamp()): Promise<string> {
    const doc = await this.conversation.documentFor(formatHlc(hlc));
    this.localClients.add(doc.clientID);
    return sendMessage(doc, draft, { hlc, id: messageId(hlc, doc.clientID) });
  }

  edit(id: string, text: string, lookup: UsernameLookup): void {
    editMessage(this.#docOf(id), id, text, Date.now(), lookup);
  }

  remove(id: string): void {
    deleteMessage(this.#docOf(id), id);
  }

  toggleReaction(id: string, emoji: string): void {
    const doc = this.#docOf(id);
    const message = this.shown().find((candidate) => candidate.id === id);
    const reacted = message?.reactions.some((reaction) => reaction.emoji === emoji && reaction.users.includes(this.userId));
    if (reacted) removeReaction(doc, id, emoji, this.userId);
    else addReaction(doc, id, emoji, this.userId);
  }

  /** The segment document that holds message `id`, which this device is about to write with. */
  #docOf(id: string): Y.Doc {
    for (const { doc } of this.conversation.segments.values()) {
      if (!messagesMap(doc).has(id)) continue;
      this.localClients.add(doc.clientID);
      return doc;
    }
    throw new Error(`Message ${id} is not loaded`);
  }
}
