import { describe, expect, it } from 'vitest';
import type { ConversationSummary } from '#protocol/http/conversations.ts';
import { sortByActivity } from './conversation-order.ts';

function conversation(id: string, createdAt: string): ConversationSummary {
  return { id, kind: 'group', name: id, topic: '', visibility: 'private', role: 'member', memberCount: 2, createdAt: new Date(createdAt), otherUser: null };
}

describe('sortByActivity', () => {
  const old = conversation('old', '2030-01-01T00:00:00Z');
  const recent = conversation('recent', '2030-01-02T00:00:00Z');

  it('puts the most recently created first when nothing was seen', () => {
    expect(sortByActivity([old, recent], {}).map((c) => c.id)).toEqual(['recent', 'old']);
  });

  it('moves a conversation with a newer message above newer conversations', () => {
    expect(sortByActivity([recent, old], { old: Date.parse('2030-01-03T00:00:00Z') }).map((c) => c.id)).toEqual(['old', 'recent']);
  });
});
