// What each user may spend on this relay: new messages, updates and bytes per 10 s (token
// buckets), and open connections. Connections counted here also say who is online.
import { MessageRate } from './message-rate.ts';

export interface UserLimitsConfig {
  MESSAGE_RATE_PER_10S: number;
  UPDATE_RATE_PER_10S: number;
  UPDATE_BYTES_PER_10S: number;
  MAX_CONNECTIONS_PER_USER: number;
}

const WINDOW_MS = 10_000;

export class UserLimits {
  readonly maxConnections: number;
  readonly #messages: MessageRate;
  readonly #updates: MessageRate;
  readonly #bytes: MessageRate;
  readonly #connections = new Map<string, number>();

  constructor(config: UserLimitsConfig) {
    this.#messages = new MessageRate(config.MESSAGE_RATE_PER_10S, WINDOW_MS);
    this.#updates = new MessageRate(config.UPDATE_RATE_PER_10S, WINDOW_MS);
    this.#bytes = new MessageRate(config.UPDATE_BYTES_PER_10S, WINDOW_MS);
    this.maxConnections = config.MAX_CONNECTIONS_PER_USER;
  }

  /** Counts `count` new messages against the user's rate; returns 0, or the ms to wait. */
  takeMessages(userId: string, count: number): number {
    return this.#messages.take(userId, count);
  }

  /** Counts one update of `bytes` against the user's update and byte rates; returns 0, or the ms to wait. */
  takeUpdate(userId: string, bytes: number): number {
    return Math.max(this.#updates.take(userId, 1), this.#bytes.take(userId, bytes));
  }

  /** The ms a user over the update or byte rate still waits (0: not over), counting nothing. */
  updateWait(userId: string): number {
    return Math.max(this.#updates.waitFor(userId), this.#bytes.waitFor(userId));
  }

  /** Counts a new connection of the user; false (nothing counted) when they are at the limit. */
  connect(userId: string): boolean {
    const open = this.#connections.get(userId) ?? 0;
    if (open >= this.maxConnections) return false;
    this.#connections.set(userId, open + 1);
    return true;
  }

  /** A counted connection closed; true when it was the user's last one. */
  disconnect(userId: string): boolean {
    const open = (this.#connections.get(userId) ?? 1) - 1;
    if (open > 0) {
      this.#connections.set(userId, open);
      return false;
    }
    this.#connections.delete(userId);
    return true;
  }

  isOnline(userId: string): boolean {
    return this.#connections.has(userId);
  }

  /** Forgets buckets that are full again. */
  sweep(): void {
    this.#messages.sweep();
    this.#updates.sweep();
    this.#bytes.sweep();
  }
}
