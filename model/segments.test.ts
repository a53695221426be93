import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { formatHlc, MAX_COUNTER, parseHlc, tick } from './hlc.ts';
import { compareStrings } from './schema.ts';
import { listMessages, sendMessage } from './messages.ts';
import { mergeOrdered } from './order.ts';
import {
  appendSegment,
  HEAD_KEY,
  latestSegment,
  MAX_SEGMENT_BYTES,
  nextSegmentStart,
  segmentStats,
  MAX_SEGMENT_MESSAGES,
  readSegments,
  segmentFor,
  SEGMENTS_FIELD,
  shouldRollOver,
} from './segments.ts';
import { docFor, noUsers, stampAt, syncAll } from './testing.ts';

const hlc = (wallMs: number) => formatHlc({ wallMs, counter: 0, node: 'r' });

function headWith(...starts: number[]): Y.Doc {
  const head = docFor(1);
  appendSegment(head, 'room', '');
  for (const start of starts) appendSegment(head, 'room', hlc(start));
  return head;
}

describe('segments', () => {
  it('M-SEG-1: the head lists segments oldest first, each named after its conversation and index', () => {
    expect(readSegments(headWith(1_000, 2_000))).toEqual([
      { id: 'c:room:s:0', index: 0, firstHlc: '' },
      { id: 'c:room:s:1', index: 1, firstHlc: hlc(1_000) },
      { id: 'c:room:s:2', index: 2, firstHlc: hlc(2_000) },
    ]);
  });

  it('M-SEG-2: the latest segment is the newest one; an empty head has none', () => {
    expect(latestSegment(readSegments(headWith(1_000, 2_000)))?.index).toBe(2);
    expect(latestSegment(readSegments(docFor(1)))).toBeUndefined();
  });

  it('M-SEG-3: a message belongs in the newest segment whose first HLC is not after its own', () => {
    const segments = readSegments(headWith(1_000, 2_000));
    expect(segmentFor(segments, hlc(500))?.index).toBe(0);
    expect(segmentFor(segments, hlc(1_000))?.index).toBe(1);
    expect(segmentFor(segments, hlc(1_999))?.index).toBe(1);
    expect(segmentFor(segments, hlc(5_000))?.index).toBe(2);
    expect(segmentFor([], hlc(5_000))).toBeUndefined();
  });

  it('M-SEG-4: a message written offline with an old clock goes into the older segment and merges there', () => {
    const head = headWith(1_000);
    const older = { alice: docFor(2, 'u-alice'), relay: docFor(3) };
    const target = segmentFor(readSegments(head), hlc(500));
    expect(target?.id).toBe('c:room:s:0');
    sendMessage(older.alice, { text: 'written on the plane' }, stampAt(older.alice, 500));
    syncAll([older.alice, older.relay]);
    const newest = docFor(4);
    sendMessage(newest, { text: 'after landing' }, stampAt(newest, 1_500));
    const shown = mergeOrdered(listMessages(older.relay, noUsers), listMessages(newest, noUsers));
    expect(shown.map((m) => m.text)).toEqual(['written on the plane', 'after landing']);
  });

  it('M-SEG-5: rolls over at 500 messages or 128 KiB, whichever comes first', () => {
    expect(shouldRollOver(MAX_SEGMENT_MESSAGES - 1, MAX_SEGMENT_BYTES - 1)).toBe(false);
    expect(shouldRollOver(MAX_SEGMENT_MESSAGES, 0)).toBe(true);
    expect(shouldRollOver(1, MAX_SEGMENT_BYTES)).toBe(true);
    expect([MAX_SEGMENT_MESSAGES, MAX_SEGMENT_BYTES]).toEqual([500, 128 * 1024]);
  });

  it('M-SEG-6: segments start in clock order: the first starts at the beginning, each later one after the one before', () => {
    const head = docFor(1);
    expect(() => appendSegment(head, 'room', hlc(1))).toThrow(ModelError);
    appendSegment(head, 'room', '');
    expect(() => appendSegment(head, 'room', '')).toThrow(ModelError);
    expect(() => appendSegment(head, 'room', 'not a clock')).toThrow(ModelError);
    appendSegment(head, 'room', hlc(10));
    expect(() => appendSegment(head, 'room', hlc(10))).toThrow(ModelError);
    expect(() => appendSegment(head, 'bad:id', hlc(20))).toThrow(ModelError);
    expect(readSegments(head)).toHaveLength(2);
  });

  it('M-SEG-7: reading skips malformed entries and keeps the first entry for a repeated index', () => {
    const head = headWith(1_000);
    const list = head.getMap(HEAD_KEY).get(SEGMENTS_FIELD) as Y.Array<unknown>;
    list.push(['junk', null, { id: 'x', index: 'one', firstHlc: '' }, { id: 'dup', index: 1, firstHlc: hlc(9_000) }]);
    expect(readSegments(head).map((s) => s.id)).toEqual(['c:room:s:0', 'c:room:s:1']);
    head.getMap(HEAD_KEY).set(SEGMENTS_FIELD, 'not a list');
    expect(readSegments(head)).toEqual([]);
  });

  it('M-SEG-8: a full segment reports its message count and largest clock; the next segment starts right after it', () => {
    const segment = docFor(7);
    sendMessage(segment, { text: 'a' }, stampAt(segment, 5_000));
    sendMessage(segment, { text: 'b' }, stampAt(segment, 9_000, 3));
    sendMessage(segment, { text: 'c' }, stampAt(segment, 2_000));
    const { messages, maxHlc } = segmentStats(segment);
    expect(messages).toBe(3);
    expect(maxHlc).toBe(formatHlc({ wallMs: 9_000, counter: 3, node: '7' }));
    const next = nextSegmentStart(maxHlc);
    expect(compareStrings(next, maxHlc)).toBeGreaterThan(0);
    // A device that saw the segment ticks past its largest clock, into the new segment.
    const later = formatHlc(tick(parseHlc(maxHlc)!, 9_000));
    expect(compareStrings(later, next)).toBeGreaterThanOrEqual(0);
    expect(nextSegmentStart(formatHlc({ wallMs: 1, counter: MAX_COUNTER, node: 'z' }))).toBe(
      formatHlc({ wallMs: 2, counter: 0, node: '0' }),
    );
    expect(() => nextSegmentStart('')).toThrow(ModelError);
  });
});
