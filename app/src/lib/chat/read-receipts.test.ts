import { describe, expect, it } from 'vitest';
import type { Peer } from '#model/index.ts';
import { advanceLive, furthestPositions, seenBy } from './read-receipts.ts';

const peer = (userId: string, readUpTo: string | null): Peer => ({ userId, name: userId, presence: 'online', typing: false, readUpTo });

describe('advanceLive', () => {
  it('moves a position forward with the time it was seen, keeping the others', () => {
    const next = advanceLive(
      new Map([
        ['bob', { hlc: '2', at: 1 }],
        ['carol', { hlc: '1', at: 1 }],
      ]),
      [peer('bob', '3')],
      50,
    );
    expect(next).toEqual(
      new Map([
        ['bob', { hlc: '3', at: 50 }],
        ['carol', { hlc: '1', at: 1 }],
      ]),
    );
  });

  it('never moves a position back, and says so with null', () => {
    expect(advanceLive(new Map([['bob', { hlc: '5', at: 1 }]]), [peer('bob', '4'), peer('carol', null)], 9)).toBeNull();
  });
});

describe('furthestPositions', () => {
  it('takes the further of stored and live for each member, and leaves the reader out', () => {
    const stored = new Map([
      ['bob', { hlc: '5', at: 10 }],
      ['me', { hlc: '9', at: 10 }],
      ['carol', { hlc: '2', at: 10 }],
    ]);
    const live = new Map([['carol', { hlc: '3', at: 20 }]]);
    expect(furthestPositions(stored, live, 'me')).toEqual(
      new Map([
        ['bob', { hlc: '5', at: 10 }],
        ['carol', { hlc: '3', at: 20 }],
      ]),
    );
  });
});

describe('seenBy', () => {
  const messages = [
    { id: 'a', hlc: '1', mine: true, deleted: false, status: 'read' },
    { id: 'b', hlc: '2', mine: false, deleted: false, status: undefined },
    { id: 'c', hlc: '3', mine: true, deleted: false, status: 'read' },
    { id: 'd', hlc: '4', mine: true, deleted: false, status: 'sent' },
  ];

  it('names who read my newest read message, and when the latest of them did', () => {
    const positions = new Map([
      ['bob', { hlc: '3', at: 30 }],
      ['dan', { hlc: '4', at: 40 }],
      ['carol', { hlc: '1', at: 50 }],
    ]);
    expect(seenBy(messages, positions)).toEqual({ messageId: 'c', userIds: ['bob', 'dan'], at: 40 });
  });

  it('skips a deleted message and is null when nothing of mine is read', () => {
    const positions = new Map([['bob', { hlc: '9', at: 1 }]]);
    expect(seenBy([{ ...messages[2]!, deleted: true }, messages[0]!], positions)).toEqual({ messageId: 'a', userIds: ['bob'], at: 1 });
    expect(seenBy([messages[3]!], positions)).toBeNull();
  });
});
