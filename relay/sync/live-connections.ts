// The relay's open connections, and what happens to a user's live ones when the user changes:
// removal or a new role in a conversation, sign-out of a session.
import type { Logger } from 'pino';
import { SESSION_ENDED } from '../auth/tokens.ts';
import type { ConversationChange } from '../conversations/conversation-events.ts';
import type { Connection } from './connection.ts';

export class LiveConnections implements Iterable<Connection> {
  readonly #connections = new Set<Connection>();

  constructor(private readonly log: Logger) {}

  get size(): number {
    return this.#connections.size;
  }

  add(conn: Connection): void {
    this.#connections.add(conn);
  }

  delete(conn: Connection): void {
    this.#connections.delete(conn);
  }

  [Symbol.iterator](): Iterator<Connection> {
    return this.#connections[Symbol.iterator]();
  }

  /**
   * A user who left or was removed or banned is disconnected from the conversation's documents at
   * once (their inbox stays); a new role applies to their next update.
   */
  applyMembership(change: Exclude<ConversationChange, { kind: 'settings' }>): void {
    const { conversationId, userId, role } = change;
    for (const conn of this.#connections) {
      const doc = conn.doc;
      if (conn.identity?.userId !== userId || !doc || doc.kind === 'inbox' || doc.conversationId !== conversationId) continue;
      if (role === null) conn.deny({ code: 'not_a_member', message: 'You are no longer a member of this conversation' });
      else conn.roleChanged(role);
    }
  }

  /** Sends `frame` (a Parley extension message) to the Parley inbox connections of `userIds`. */
  sendToInboxes(userIds: ReadonlySet<string>, frame: Uint8Array): void {
    for (const conn of this.#connections) {
      const userId = conn.identity?.userId;
      if (conn.wantsAcks && conn.doc?.kind === 'inbox' && userId !== undefined && userIds.has(userId)) conn.send(frame);
    }
  }

  /** Closes the connections of sessions that were signed out (logout, password change). */
  endSessions(sessionIds: ReadonlySet<string>): void {
    for (const conn of this.#connections) {
      const sessionId = conn.identity?.sessionId;
      if (sessionId === undefined || !sessionIds.has(sessionId)) continue;
      // Signing out is the user's own act, not a refused update: logged as info, not as a warning.
      this.log.info({ connId: conn.id, userId: conn.identity?.userId }, 'session signed out; closing its connection');
      conn.end({ code: 'token_revoked', message: SESSION_ENDED });
    }
  }
}
