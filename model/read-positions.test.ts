import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { formatHlc } from './hlc.ts';
import { advanceReadPositions, READS_KEY, readPositions } from './read-positions.ts';

const hlc = (wallMs: number) => formatHlc({ wallMs, counter: 0, node: 'a' });

describe('read positions', () => {
  it('stores each member position with when it was learned', () => {
    const head = new Y.Doc();
    expect(
      advanceReadPositions(
        head,
        new Map([
          ['bob', hlc(5)],
          ['carol', hlc(3)],
        ]),
        1_000,
      ),
    ).toBe(true);
    expect(readPositions(head)).toEqual(
      new Map([
        ['bob', { hlc: hlc(5), at: 1_000 }],
        ['carol', { hlc: hlc(3), at: 1_000 }],
      ]),
    );
  });

  it('only moves forward, and says false when nothing moved', () => {
    const head = new Y.Doc();
    advanceReadPositions(head, new Map([['bob', hlc(5)]]), 1_000);
    expect(advanceReadPositions(head, new Map([['bob', hlc(4)]]), 2_000)).toBe(false);
    expect(advanceReadPositions(head, new Map([['bob', hlc(5)]]), 2_000)).toBe(false);
    expect(readPositions(head).get('bob')).toEqual({ hlc: hlc(5), at: 1_000 });
    expect(advanceReadPositions(head, new Map([['bob', hlc(9)]]), 3_000)).toBe(true);
    expect(readPositions(head).get('bob')).toEqual({ hlc: hlc(9), at: 3_000 });
  });

  it('skips what is not a position, written or read', () => {
    const head = new Y.Doc();
    expect(advanceReadPositions(head, new Map([['bob', 'not an hlc']]), 1_000)).toBe(false);
    head.getMap(READS_KEY).set('mallory', { hlc: 'nope', at: 1 });
    head.getMap(READS_KEY).set('eve', 'text');
    expect(readPositions(head).size).toBe(0);
  });
});
