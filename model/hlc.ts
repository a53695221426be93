// Hybrid logical clock: orders messages across devices whose wall clocks disagree, so an offline
// message lands near the time it was written and every device computes the same order.
import { ModelError, ModelErrorCode } from './errors.ts';

export interface Hlc {
  readonly wallMs: number;
  readonly counter: number;
  /** Tie-breaker between devices that tick in the same millisecond: 1-16 of [0-9a-z]. */
  readonly node: string;
}

// Fixed-width lowercase base36 sorts lexicographically in numeric order ('0'-'9' < 'a'-'z').
const WALL_WIDTH = 9; // 36^9 ms reaches the year 5138
const COUNTER_WIDTH = 4;
export const MAX_WALL_MS = 36 ** WALL_WIDTH - 1;
export const MAX_COUNTER = 36 ** COUNTER_WIDTH - 1;
/** A peer clock further ahead of ours than this is not followed (it would drag every clock forward). */
export const MAX_CLOCK_DRIFT_MS = 5 * 60_000;

const NODE_PATTERN = /^[0-9a-z]{1,16}$/;
const HLC_PATTERN = /^([0-9a-z]{9})-([0-9a-z]{4})-([0-9a-z]{1,16})$/;

/** The clock a device starts with before it has ticked or seen anything. */
export function createHlc(node: string): Hlc {
  if (!NODE_PATTERN.test(node)) throw new ModelError(ModelErrorCode.invalidClock, `Invalid clock node "${node}"`);
  return { wallMs: 0, counter: 0, node };
}

/** A node name derived from a Yjs clientID, unique per document session. */
export function nodeFromClientId(clientID: number): string {
  return clientID.toString(36);
}

/** The clock for a local event (sending a message) at wall time nowMs. */
export function tick(local: Hlc, nowMs: number): Hlc {
  checkWall(nowMs);
  if (nowMs > local.wallMs) return { wallMs: nowMs, counter: 0, node: local.node };
  return bump(local.wallMs, local.counter + 1, local.node);
}

/** The clock after seeing a remote event (a message from someone else) at wall time nowMs. */
export function receive(local: Hlc, remote: Hlc, nowMs: number): Hlc {
  checkWall(nowMs);
  if (remote.wallMs > nowMs + MAX_CLOCK_DRIFT_MS) return tick(local, nowMs);
  const wallMs = Math.max(local.wallMs, remote.wallMs, nowMs);
  if (wallMs === local.wallMs && wallMs === remote.wallMs) {
    return bump(wallMs, Math.max(local.counter, remote.counter) + 1, local.node);
  }
  if (wallMs === local.wallMs) return bump(wallMs, local.counter + 1, local.node);
  if (wallMs === remote.wallMs) return bump(wallMs, remote.counter + 1, local.node);
  return { wallMs, counter: 0, node: local.node };
}

/** Clock order: wall time, then counter, then node. Agrees with comparing formatted strings. */
export function compareHlc(a: Hlc, b: Hlc): number {
  if (a.wallMs !== b.wallMs) return a.wallMs < b.wallMs ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
}

/** `wall-counter-node`, fixed width up to the node, so strings sort in clock order. */
export function formatHlc(hlc: Hlc): string {
  checkWall(hlc.wallMs);
  if (!Number.isSafeInteger(hlc.counter) || hlc.counter < 0 || hlc.counter > MAX_COUNTER) {
    throw new ModelError(ModelErrorCode.invalidClock, `Invalid clock counter ${hlc.counter}`);
  }
  if (!NODE_PATTERN.test(hlc.node)) throw new ModelError(ModelErrorCode.invalidClock, `Invalid clock node "${hlc.node}"`);
  const wall = hlc.wallMs.toString(36).padStart(WALL_WIDTH, '0');
  const counter = hlc.counter.toString(36).padStart(COUNTER_WIDTH, '0');
  return `${wall}-${counter}-${hlc.node}`;
}

/** Parses a formatted clock; undefined for anything else, because readers must never throw. */
export function parseHlc(text: string): Hlc | undefined {
  const match = HLC_PATTERN.exec(text);
  if (!match) return undefined;
  const [, wall = '', counter = '', node = ''] = match;
  return { wallMs: parseInt(wall, 36), counter: parseInt(counter, 36), node };
}

// A counter that would overflow its fixed width carries into the wall time instead.
function bump(wallMs: number, counter: number, node: string): Hlc {
  if (counter <= MAX_COUNTER) return { wallMs, counter, node };
  checkWall(wallMs + 1);
  return { wallMs: wallMs + 1, counter: 0, node };
}

function checkWall(ms: number): void {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > MAX_WALL_MS) {
    throw new ModelError(ModelErrorCode.invalidClock, `Invalid wall time ${ms}`);
  }
}
