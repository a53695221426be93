// Long histories: a conversation is a small head document listing segment documents, each a
// normal Yjs document holding the messages from its `firstHlc` until the next segment's. A new
// device syncs the head and the newest segment only, and older segments page in on scroll.
// Segments are chosen by HLC, not by arrival, so a message written offline long ago goes into
// the older segment its clock belongs to and merges there like any other update.
import * as Y from 'yjs';
import { segmentDocName } from './doc-names.ts';
import { ModelError, ModelErrorCode } from './errors.ts';
import { formatHlc, MAX_COUNTER, parseHlc } from './hlc.ts';
import { compareStrings, messagesMap } from './schema.ts';

/** Top-level Y.Map of the head document; its `segments` key holds a Y.Array of SegmentRef. */
export const HEAD_KEY = 'head';
export const SEGMENTS_FIELD = 'segments';

// A new device's first screen may need the newest segment (nearly empty just after a rollover)
// and the full one before it: together they must stay well under the 300 KB budget. Measured:
// 1,000 messages of 87 characters are ~290 KB on the wire, so 500 of them ~150 KB.
export const MAX_SEGMENT_MESSAGES = 500;
export const MAX_SEGMENT_BYTES = 128 * 1024;

export interface SegmentRef {
  /** The segment's document name. */
  id: string;
  index: number;
  /** The smallest HLC the segment holds; '' for segment 0, which holds everything older. */
  firstHlc: string;
}

/** The segments listed in a head document, oldest first; malformed entries are skipped. */
export function readSegments(head: Y.Doc): SegmentRef[] {
  const list = head.getMap(HEAD_KEY).get(SEGMENTS_FIELD);
  if (!(list instanceof Y.Array)) return [];
  const byIndex = new Map<number, SegmentRef>();
  for (const item of list.toArray()) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, index, firstHlc } = item as Record<string, unknown>;
    if (typeof id !== 'string' || !Number.isSafeInteger(index) || typeof firstHlc !== 'string') continue;
    // Array order is the same on every replica, so keeping the first entry per index is too.
    if (!byIndex.has(index as number)) byIndex.set(index as number, { id, index: index as number, firstHlc });
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/** The segment new messages go to and a new device opens first. */
export function latestSegment(segments: readonly SegmentRef[]): SegmentRef | undefined {
  return segments.at(-1);
}

/** The segment a message with this HLC belongs in: the newest whose firstHlc is not after it. */
export function segmentFor(segments: readonly SegmentRef[], hlc: string): SegmentRef | undefined {
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i];
    if (segment && compareStrings(segment.firstHlc, hlc) <= 0) return segment;
  }
  return segments[0];
}

/** Whether the relay should start a new segment after the latest one reached this size. */
export function shouldRollOver(messageCount: number, bytes: number): boolean {
  return messageCount >= MAX_SEGMENT_MESSAGES || bytes >= MAX_SEGMENT_BYTES;
}

/**
 * Relay only (under the conversation's lock, so there is one writer): lists the next segment.
 * Segment 0 takes firstHlc ''; every later one must start after the one before.
 */
export function appendSegment(head: Y.Doc, conversationId: string, firstHlc: string): SegmentRef {
  const segments = readSegments(head);
  const latest = latestSegment(segments);
  if (latest === undefined ? firstHlc !== '' : !parseHlc(firstHlc) || compareStrings(firstHlc, latest.firstHlc) <= 0) {
    throw new ModelError(ModelErrorCode.invalidClock, `Segment cannot start at "${firstHlc}"`);
  }
  const index = latest === undefined ? 0 : latest.index + 1;
  const ref: SegmentRef = { id: segmentDocName(conversationId, index), index, firstHlc };
  head.transact(() => {
    const map = head.getMap(HEAD_KEY);
    const existing = map.get(SEGMENTS_FIELD);
    const list = existing instanceof Y.Array ? existing : map.set(SEGMENTS_FIELD, new Y.Array<unknown>());
    list.push([ref]);
  });
  return ref;
}

/** The number of messages a segment holds and the largest HLC among them ('' when empty). */
export function segmentStats(segment: Y.Doc): { messages: number; maxHlc: string } {
  let messages = 0;
  let maxHlc = '';
  for (const value of messagesMap(segment).values()) {
    if (!(value instanceof Y.Map)) continue;
    messages++;
    const hlc = value.get('hlc');
    if (typeof hlc === 'string' && compareStrings(hlc, maxHlc) > 0 && parseHlc(hlc)) maxHlc = hlc;
  }
  return { messages, maxHlc };
}

/**
 * Where the segment after one whose largest HLC is `maxHlc` starts: the smallest clock after it,
 * so every message written by a device that has seen the full segment goes to the new one.
 */
export function nextSegmentStart(maxHlc: string): string {
  const hlc = parseHlc(maxHlc);
  if (!hlc) throw new ModelError(ModelErrorCode.invalidClock, `Invalid clock "${maxHlc}"`);
  return hlc.counter < MAX_COUNTER
    ? formatHlc({ wallMs: hlc.wallMs, counter: hlc.counter + 1, node: '0' })
    : formatHlc({ wallMs: hlc.wallMs + 1, counter: 0, node: '0' });
}
