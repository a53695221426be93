import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelError } from './errors.ts';
import type { Hlc } from './hlc.ts';
import {
  compareHlc,
  createHlc,
  formatHlc,
  MAX_CLOCK_DRIFT_MS,
  MAX_COUNTER,
  MAX_WALL_MS,
  nodeFromClientId,
  parseHlc,
  receive,
  tick,
} from './hlc.ts';

const arbHlc = fc.record({
  wallMs: fc.integer({ min: 0, max: MAX_WALL_MS }),
  counter: fc.integer({ min: 0, max: MAX_COUNTER }),
  node: fc.stringMatching(/^[0-9a-z]{1,16}$/),
});

describe('tick', () => {
  it('M-HLC-1: follows the wall clock when it moves forward', () => {
    expect(tick({ wallMs: 100, counter: 7, node: 'a' }, 200)).toEqual({ wallMs: 200, counter: 0, node: 'a' });
  });

  it('M-HLC-1: counts up when the wall clock stands still or goes backwards', () => {
    const local = { wallMs: 200, counter: 3, node: 'a' };
    expect(tick(local, 200)).toEqual({ wallMs: 200, counter: 4, node: 'a' });
    expect(tick(local, 150)).toEqual({ wallMs: 200, counter: 4, node: 'a' });
  });

  it('M-HLC-2: carries a full counter into the wall time instead of overflowing its width', () => {
    expect(tick({ wallMs: 200, counter: MAX_COUNTER, node: 'a' }, 100)).toEqual({ wallMs: 201, counter: 0, node: 'a' });
  });

  it('M-HLC-1: is strictly increasing for any sequence of wall times', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e13 }), { maxLength: 50 }), (times) => {
        let clock = createHlc('a');
        for (const now of times) {
          const next = tick(clock, now);
          expect(compareHlc(next, clock)).toBeGreaterThan(0);
          expect(formatHlc(next) > formatHlc(clock)).toBe(true);
          clock = next;
        }
      }),
    );
  });

  it('M-HLC-6: rejects wall times that are negative, fractional or out of range', () => {
    for (const bad of [-1, 1.5, Number.NaN, MAX_WALL_MS + 1]) {
      expect(() => tick(createHlc('a'), bad)).toThrow(ModelError);
    }
  });
});

describe('receive', () => {
  it('M-HLC-3: moves past a remote clock that is ahead of both the local clock and the wall', () => {
    const next = receive({ wallMs: 100, counter: 0, node: 'a' }, { wallMs: 300, counter: 5, node: 'b' }, 200);
    expect(next).toEqual({ wallMs: 300, counter: 6, node: 'a' });
  });

  it('M-HLC-3: takes the larger counter plus one when local and remote share the wall time', () => {
    const next = receive({ wallMs: 300, counter: 2, node: 'a' }, { wallMs: 300, counter: 9, node: 'b' }, 100);
    expect(next).toEqual({ wallMs: 300, counter: 10, node: 'a' });
  });

  it('M-HLC-3: counts up from the local clock when it is the newest', () => {
    const next = receive({ wallMs: 300, counter: 2, node: 'a' }, { wallMs: 200, counter: 9, node: 'b' }, 100);
    expect(next).toEqual({ wallMs: 300, counter: 3, node: 'a' });
  });

  it('M-HLC-3: follows the wall clock when it is ahead of both', () => {
    const next = receive({ wallMs: 100, counter: 2, node: 'a' }, { wallMs: 200, counter: 9, node: 'b' }, 500);
    expect(next).toEqual({ wallMs: 500, counter: 0, node: 'a' });
  });

  it('M-HLC-3: the result is after both the local and the remote clock', () => {
    fc.assert(
      fc.property(arbHlc, arbHlc, fc.integer({ min: 0, max: MAX_WALL_MS - 1 }), (local, remote, now) => {
        fc.pre(remote.wallMs <= now + MAX_CLOCK_DRIFT_MS && local.wallMs < MAX_WALL_MS && remote.wallMs < MAX_WALL_MS);
        const next = receive(local, remote, now);
        expect(compareHlc(next, local)).toBeGreaterThan(0);
        expect(next.wallMs > remote.wallMs || (next.wallMs === remote.wallMs && next.counter > remote.counter)).toBe(true);
        expect(next.node).toBe(local.node);
      }),
    );
  });

  it('M-HLC-4: ignores a remote clock too far ahead of the wall, so one bad clock cannot drag everyone along', () => {
    const local = { wallMs: 1_000, counter: 0, node: 'a' };
    const farAhead = { wallMs: 1_000 + MAX_CLOCK_DRIFT_MS + 1, counter: 0, node: 'b' };
    expect(receive(local, farAhead, 1_000)).toEqual({ wallMs: 1_000, counter: 1, node: 'a' });
  });
});

describe('formatHlc and parseHlc', () => {
  it('M-HLC-5: round-trip every valid clock', () => {
    fc.assert(
      fc.property(arbHlc, (hlc) => {
        expect(parseHlc(formatHlc(hlc))).toEqual(hlc);
      }),
    );
  });

  it('M-HLC-5: formatted strings sort exactly like the clocks they encode', () => {
    fc.assert(
      fc.property(arbHlc, arbHlc, (a: Hlc, b: Hlc) => {
        const byString = formatHlc(a) < formatHlc(b) ? -1 : formatHlc(a) > formatHlc(b) ? 1 : 0;
        expect(byString).toBe(Math.sign(compareHlc(a, b)));
      }),
    );
  });

  it('M-HLC-5: are fixed width up to the node', () => {
    expect(formatHlc({ wallMs: 0, counter: 0, node: 'z' })).toBe('000000000-0000-z');
    expect(formatHlc({ wallMs: 1_700_000_000_000, counter: 1, node: 'ab' })).toBe(
      `${(1_700_000_000_000).toString(36).padStart(9, '0')}-0001-ab`,
    );
  });

  it('M-HLC-6: parse returns undefined for anything that is not a formatted clock', () => {
    for (const bad of ['', 'x', '000000000-0000-', '00000000-0000-a', '000000000-0000-A', '000000000-0000-a~b', ' 000000000-0000-a']) {
      expect(parseHlc(bad)).toBeUndefined();
    }
  });

  it('M-HLC-6: format refuses a node outside [0-9a-z]{1,16} and counters out of range', () => {
    expect(() => formatHlc({ wallMs: 1, counter: 0, node: 'A' })).toThrow(ModelError);
    expect(() => formatHlc({ wallMs: 1, counter: MAX_COUNTER + 1, node: 'a' })).toThrow(ModelError);
    expect(() => createHlc('')).toThrow(ModelError);
  });

  it('M-HLC-7: derives a valid node from any Yjs clientID', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (clientID) => {
        expect(createHlc(nodeFromClientId(clientID)).node).toBe(clientID.toString(36));
      }),
    );
  });
});
