// Opening a conversation at one message (a search result): older pages load until it is there.

export interface OlderPages<M> {
  readonly messages: readonly M[];
  readonly hasOlder: boolean;
  /** Loads the next older page (one segment); resolves to the number of messages it added. */
  loadOlder(): Promise<number>;
}

/**
 * Loads older pages until the message `id` is among `pages.messages` or nothing older is left.
 * Resolves to the message, or undefined when no page has it (it was deleted, or is not here).
 */
export async function loadUntilFound<M extends { id: string }>(pages: OlderPages<M>, id: string): Promise<M | undefined> {
  for (;;) {
    const found = pages.messages.find((message) => message.id === id);
    if (found || !pages.hasOlder) return found;
    // Each call loads one more segment, so this ends once the oldest is loaded.
    await pages.loadOlder();
  }
}
