import { describe, expect, it } from 'vitest';
import { IDLE_TYPING, isTypingFresh, nextTyping, readPeers, readState, TYPING_IDLE_MS, TYPING_REFRESH_MS } from './awareness.ts';
import { formatHlc } from './hlc.ts';

const hlc = (wallMs: number): string => formatHlc({ wallMs, counter: 0, node: 'a' });
const user = (id: string) => ({ id, name: id.slice(1) });

describe('awareness', () => {
  it('M-AWARE-1: one peer per user: online if any device is, typing if any is, furthest read position', () => {
    const states = new Map<number, unknown>([
      [1, { user: user('ubob'), presence: 'away', typing: false, readUpTo: hlc(5) }],
      [2, { user: user('ubob'), presence: 'online', typing: true, readUpTo: hlc(9) }],
      [3, { user: user('ualice'), presence: 'online', typing: false, readUpTo: null }],
      [4, { user: user('ume'), presence: 'online', typing: true, readUpTo: hlc(1) }],
      [5, { typing: true }],
      [6, 'junk'],
    ]);
    expect(readPeers(states, 'ume')).toEqual([
      { userId: 'ualice', name: 'alice', presence: 'online', typing: false, readUpTo: null },
      { userId: 'ubob', name: 'bob', presence: 'online', typing: true, readUpTo: hlc(9) },
    ]);
  });

  it('M-AWARE-2: reads unknown or malformed fields as defaults', () => {
    expect(readState({ user: { id: 1 }, presence: 'busy', typing: 'yes', readUpTo: 'not a clock' })).toEqual({
      presence: 'online',
      typing: false,
      readUpTo: null,
    });
    expect(readState(null)).toBeNull();
  });

  it('M-AWARE-3: typing is set on input, throttled, cleared on send and after 3 s idle', () => {
    let step = nextTyping(IDLE_TYPING, 'input', 1_000);
    expect(step).toMatchObject({ publish: true, signal: { typing: true } });
    step = nextTyping(step.signal, 'input', 1_000 + TYPING_REFRESH_MS - 1);
    expect(step.publish).toBe(false);
    step = nextTyping(step.signal, 'input', 1_000 + TYPING_REFRESH_MS);
    expect(step.publish).toBe(true);
    const last = 1_000 + TYPING_REFRESH_MS;
    expect(nextTyping(step.signal, 'tick', last + TYPING_IDLE_MS - 1).publish).toBe(false);
    expect(nextTyping(step.signal, 'tick', last + TYPING_IDLE_MS)).toMatchObject({ publish: true, signal: { typing: false } });
    expect(nextTyping(step.signal, 'send', last + 10)).toMatchObject({ publish: true, signal: { typing: false } });
    expect(nextTyping(IDLE_TYPING, 'send', 5).publish).toBe(false);
    expect(isTypingFresh(0, TYPING_IDLE_MS)).toBe(true);
    expect(isTypingFresh(0, TYPING_IDLE_MS + TYPING_REFRESH_MS)).toBe(false);
  });
});
