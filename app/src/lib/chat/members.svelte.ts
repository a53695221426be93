// The members of one conversation (GET /api/conversations/:id/members), cached for offline use;
// usernames for authors and mentions come from here.
import { untrack } from 'svelte';
import { z } from 'zod';
import { member, type Member } from '#protocol/http/conversations.ts';
import { ApiError, errorMessage } from '../api/request.ts';
import { session } from '../session/session.svelte.ts';
import { readJson, writeJson } from '../storage/local-json.ts';

export class Members {
  current = $state.raw<Member[]>([]);
  /** The relay says this user may not see the conversation (removed, banned, never a member). */
  lostAccess = $state(false);
  error = $state<string | null>(null);

  readonly byId = $derived(new Map(this.current.map((member) => [member.userId, member])));
  readonly #byName = $derived(new Map(this.current.map((member) => [member.username.toLowerCase(), member])));

  readonly #key: string;

  constructor(readonly conversationId: string) {
    this.#key = `parley:members:${conversationId}`;
    this.current = readJson(this.#key, z.array(member), []);
  }

  async refresh(): Promise<void> {
    try {
      const { members } = await session.api.members(this.conversationId);
      this.current = members;
      writeJson(this.#key, members);
      this.lostAccess = !members.some((member) => member.userId === session.me?.id);
      this.error = null;
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'forbidden' || error.code === 'not_found')) this.lostAccess = true;
      else if (!(error instanceof ApiError && error.isNetwork)) this.error = errorMessage(error);
    }
  }

  /**
   * Fetches the members whenever `changedAt()` moves (the inbox entry's changedAt: someone joined,
   * left or got a new role) while `open()` says the conversation is open: never for one the relay
   * refused, and once refused here, not again. Call while a component initialises.
   */
  follow(changedAt: () => number, open: () => boolean): void {
    $effect(() => {
      changedAt();
      if (open() && !untrack(() => this.lostAccess)) void this.refresh();
    });
  }

  name(userId: string | null): string {
    if (!userId) return 'Unknown';
    return this.byId.get(userId)?.username ?? 'Former member';
  }

  /** username (any case) → user id, for mentions. */
  lookup = (username: string): string | undefined => this.#byName.get(username.toLowerCase())?.userId;
}
