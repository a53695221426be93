import { describe, expect, it } from 'vitest';
import type { Peer } from '#model/index.ts';
import { advanceReadPositions, seenBy } from './read-receipts.ts';

const peer = (userId: string, readUpTo: string | null): Peer => ({
  userId,
  name: userId.toUpperCase(),
  presence: 'online',
  typing: false,
  readUpTo,
});

describe('advanceReadPositions', () => {
  it('moves a position forward and keeps members who closed the conversation', () => {
    const next = advanceReadPositions({ bob: { name: 'BOB', hlc: '2' }, carol: { name: 'CAROL', hlc: '1' } }, [peer('bob', '3')]);
    expect(next).toEqual({ bob: { name: 'BOB', hlc: '3' }, carol: { name: 'CAROL', hlc: '1' } });
  });

  it('never moves a position back, and says so with null', () => {
    expect(advanceReadPositions({ bob: { name: 'BOB', hlc: '5' } }, [peer('bob', '4'), peer('carol', null)])).toBeNull();
  });
});

describe('seenBy', () => {
  const messages = [
    { id: 'a', hlc: '1', mine: true, deleted: false, status: 'read' },
    { id: 'b', hlc: '2', mine: false, deleted: false, status: undefined },
    { id: 'c', hlc: '3', mine: true, deleted: false, status: 'read' },
    { id: 'd', hlc: '4', mine: true, deleted: false, status: 'sent' },
  ];

  it('names who read my newest read message', () => {
    expect(seenBy(messages, { bob: { name: 'Bob', hlc: '3' }, carol: { name: 'Carol', hlc: '1' } })).toEqual({
      messageId: 'c',
      names: ['Bob'],
    });
  });

  it('skips a deleted message and is null when nothing of mine is read', () => {
    expect(seenBy([{ ...messages[2]!, deleted: true }, messages[0]!], { bob: { name: 'Bob', hlc: '9' } })).toEqual({
      messageId: 'a',
      names: ['Bob'],
    });
    expect(seenBy([messages[3]!], { bob: { name: 'Bob', hlc: '9' } })).toBeNull();
  });
});
