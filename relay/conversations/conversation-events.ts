// Changes to conversations, published after the transaction that made them has committed, so a
// listener (the WebSocket side closing a removed member's connections, the inbox keeper telling
// members' devices to refresh) never acts on a change that could still roll back.
import type { Logger } from 'pino';
import type { Role } from '../../model/roles.ts';

export interface MembershipChange {
  conversationId: string;
  userId: string;
  kind: 'joined' | 'left' | 'removed' | 'banned' | 'role';
  /** The role after the change; null when the user is no longer a member. */
  role: Role | null;
}

/** The group's name, topic or visibility changed. */
export interface SettingsChange {
  conversationId: string;
  kind: 'settings';
}

export type ConversationChange = MembershipChange | SettingsChange;

export type ConversationListener = (change: ConversationChange) => void;

export class ConversationEvents {
  readonly #listeners = new Set<ConversationListener>();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  /** Returns the function that unsubscribes. */
  on(listener: ConversationListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A throwing listener is logged and does not keep the others from hearing of the change. */
  emit(changes: readonly ConversationChange[]): void {
    for (const change of changes) {
      for (const listener of this.#listeners) {
        try {
          listener(change);
        } catch (error) {
          this.#log.error({ err: error, change }, 'conversation change listener failed');
        }
      }
    }
  }
}
