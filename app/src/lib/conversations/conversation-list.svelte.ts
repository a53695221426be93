// The signed-in user's conversations: GET /api/conversations (membership and roles), cached so
// the list shows offline, with what the inbox document adds (previews, unread and mention counts),
// latest activity first: the relay's, or what this device saw itself (conversation-order.ts).
import { goto } from '$app/navigation';
import { z } from 'zod';
import { conversationSummary, type ConversationSummary } from '#protocol/http/conversations.ts';
import { ApiError, errorMessage } from '../api/request.ts';
import { session } from '../session/session.svelte.ts';
import { readJson, writeJson } from '../storage/local-json.ts';
import { sortByActivity, type Activity } from './conversation-order.ts';
import { detailsVersion } from './details-version.ts';
import { Inbox } from './inbox.svelte.ts';

export class ConversationList {
  #all = $state.raw<ConversationSummary[]>([]);
  activity = $state.raw<Activity>({});
  /** True until the first answer from the relay (or the cache) is in. */
  loading = $state(true);
  error = $state<string | null>(null);
  /** Show only conversations with unread messages. */
  unreadOnly = $state(false);
  readonly inbox: Inbox;

  /** This device's activity and the relay's, whichever is later. */
  readonly allActivity = $derived.by(() => {
    const merged: Record<string, number> = { ...this.activity };
    for (const [id, entry] of this.inbox.entries) merged[id] = Math.max(merged[id] ?? 0, entry.lastActivity);
    return merged;
  });
  readonly sorted = $derived(sortByActivity(this.#all, this.allActivity));
  readonly current = $derived(this.unreadOnly ? this.sorted.filter((conversation) => this.unread(conversation.id) > 0) : this.sorted);

  readonly #listKey: string;
  readonly #activityKey: string;
  /** The inbox's details version now, and the one the summaries were last fetched for. */
  #latestVersion: string | null = null;
  #fetchedVersion: string | null = null;
  #fetchingVersion: string | null | undefined;
  #refreshing: Promise<void> | null = null;
  #refreshAgain = false;

  constructor(userId: string) {
    this.#listKey = `parley:conversations:${userId}`;
    this.#activityKey = `parley:activity:${userId}`;
    const cached = readJson(this.#listKey, z.array(conversationSummary), null);
    if (cached) {
      this.#all = cached;
      this.loading = false;
    }
    this.activity = readJson(this.#activityKey, z.record(z.string(), z.number()), {});
    this.inbox = new Inbox(userId, (entries) => {
      // A conversation started by someone else, a removal, a rename: fetch the summaries again.
      const version = detailsVersion(entries);
      this.#latestVersion = version;
      if (version !== this.#fetchedVersion && version !== this.#fetchingVersion) void this.refresh();
    });
  }

  /** Unread messages in a conversation, as the relay counted them. */
  unread(id: string): number {
    return this.inbox.entries.get(id)?.unread ?? 0;
  }

  /** When the conversation's members, roles or settings last changed, as the relay says (0: never). */
  detailsChangedAt(id: string): number {
    return this.inbox.entries.get(id)?.changedAt ?? 0;
  }

  get(id: string): ConversationSummary | undefined {
    return this.#all.find((conversation) => conversation.id === id);
  }

  /** Fetches the summaries; a call while one is under way fetches once more after it. */
  refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#refreshAgain = true;
      return this.#refreshing;
    }
    this.#refreshing = this.#fetch().finally(() => {
      this.#refreshing = null;
      if (this.#refreshAgain) {
        this.#refreshAgain = false;
        void this.refresh();
      }
    });
    return this.#refreshing;
  }

  async #fetch(): Promise<void> {
    const version = this.#latestVersion;
    this.#fetchingVersion = version;
    try {
      const { conversations } = await session.api.conversations();
      // Only a fetch that worked settles the version: after a failure the next inbox change retries.
      this.#fetchedVersion = version;
      this.#all = conversations;
      writeJson(this.#listKey, conversations);
      this.error = null;
    } catch (error) {
      // Offline the cached list stays; only say so when there is nothing to show.
      if (!(error instanceof ApiError && error.isNetwork && this.#all.length > 0)) {
        this.error = errorMessage(error);
      }
    } finally {
      this.#fetchingVersion = undefined;
      this.loading = false;
    }
  }

  /** A conversation whose details changed (renamed, new topic), in place. */
  update(conversation: ConversationSummary): void {
    this.#all = this.#all.map((c) => (c.id === conversation.id ? conversation : c));
    writeJson(this.#listKey, this.#all);
  }

  /** A conversation just created, started or joined here: at the top without waiting for the relay, then opened. */
  async open(conversation: ConversationSummary, options: { replaceState?: boolean } = {}): Promise<void> {
    this.#all = [conversation, ...this.#all.filter((c) => c.id !== conversation.id)];
    writeJson(this.#listKey, this.#all);
    this.touch(conversation.id, Date.now());
    await goto(`/c/${conversation.id}`, options);
  }

  remove(id: string): void {
    this.#all = this.#all.filter((c) => c.id !== id);
    writeJson(this.#listKey, this.#all);
  }

  /** Records activity seen in an open conversation (the newest message's time). */
  touch(id: string, wallMs: number): void {
    if ((this.activity[id] ?? 0) >= wallMs) return;
    this.activity = { ...this.activity, [id]: wallMs };
    writeJson(this.#activityKey, this.activity);
  }
}

let shared: { userId: string; list: ConversationList } | undefined;

/** The one list of the signed-in user, shared by the sidebar and the screens that change it. */
export function conversationList(userId: string): ConversationList {
  if (shared?.userId !== userId) shared = { userId, list: new ConversationList(userId) };
  return shared.list;
}
