// The signed-in user's conversations, from the inbox document alone (inbox.svelte.ts): the relay
// writes each entry's title, members, topic, preview and counts, so the list renders the same on a
// new device and offline. HTTP only carries actions; what one just did here shows at once, laid
// over the entries until they catch up (pending.ts).
import { goto } from '$app/navigation';
import type { Conversation } from '#model/inbox.ts';
import type { ConversationSummary } from '#protocol/http/conversations.ts';
import { Inbox } from './inbox.svelte.ts';
import { detailsOf, settle, withPending, type Pending } from './pending.ts';
import { totalUnread } from './unread-title.ts';

/** What apiRequest says when the relay cannot be reached, said here for the inbox's socket. */
const UNREACHABLE = 'Parley cannot reach the server. Check your connection and try again.';

export class ConversationList {
  #pending = $state.raw<ReadonlyMap<string, Pending>>(new Map());
  /** Show only conversations with unread messages. */
  unreadOnly = $state(false);
  readonly inbox: Inbox;

  readonly sorted = $derived.by(() => withPending(this.inbox.entries, this.#pending));
  readonly current = $derived(this.unreadOnly ? this.sorted.filter((conversation) => conversation.unread > 0) : this.sorted);
  readonly #byId = $derived(new Map(this.sorted.map((conversation) => [conversation.id, conversation])));
  /** Unread messages in all the conversations together. */
  readonly unread = $derived(totalUnread(this.sorted));

  /** Nothing to show yet: this device's copy is being read, or it is empty and the relay's is on its way. */
  readonly loading = $derived.by(() => !this.inbox.loaded || (this.sorted.length === 0 && !this.inbox.synced && !this.inbox.unreachable));
  /** Only said when there is nothing to show. */
  readonly error = $derived.by(() => (this.sorted.length === 0 && !this.inbox.synced && this.inbox.unreachable ? UNREACHABLE : null));

  constructor(userId: string) {
    this.inbox = new Inbox(userId, (entries) => (this.#pending = settle(this.#pending, entries)));
  }

  /** A conversation as the list shows it: its title, kind, the user's role, members, topic. */
  get(id: string): Conversation | undefined {
    return this.#byId.get(id);
  }

  /** When the conversation's members, roles or settings last changed, as the relay says (0: never). */
  detailsChangedAt(id: string): number {
    return this.inbox.entries.get(id)?.changedAt ?? 0;
  }

  /** A conversation whose details changed here (renamed, new topic), in place. */
  update(conversation: ConversationSummary): void {
    const changedAt = this.inbox.entries.get(conversation.id)?.changedAt ?? 0;
    this.#put(conversation.id, { show: detailsOf(conversation), at: Date.now(), changedAt });
  }

  /** A conversation just created, started or joined here: at the top without waiting for the relay, then opened. */
  async open(conversation: ConversationSummary, options: { replaceState?: boolean } = {}): Promise<void> {
    this.#put(conversation.id, { show: detailsOf(conversation), at: Date.now() });
    await goto(`/c/${conversation.id}`, options);
  }

  /** A conversation left here, or to which access was lost: out of the list at once. */
  remove(id: string): void {
    this.#put(id, { hide: true });
  }

  #put(id: string, pending: Pending): void {
    this.#pending = settle(new Map([...this.#pending, [id, pending]]), this.inbox.entries);
  }
}

let shared: { userId: string; list: ConversationList } | undefined;

/** The one list of the signed-in user, shared by the sidebar and the screens that change it. */
export function conversationList(userId: string): ConversationList {
  if (shared?.userId !== userId) shared = { userId, list: new ConversationList(userId) };
  return shared.list;
}
