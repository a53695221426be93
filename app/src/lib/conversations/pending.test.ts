import { describe, expect, it } from 'vitest';
import { emptyConversation, type Conversation } from '#model/inbox.ts';
import type { ConversationSummary } from '#protocol/http/conversations.ts';
import { detailsOf, settle, withPending, type Details, type Pending } from './pending.ts';

const group: Details = { kind: 'group', title: 'Hike', otherUser: null, role: 'admin', memberCount: 2, topic: '', visibility: 'private' };

function entry(id: string, fields: Partial<Conversation> = {}): Conversation {
  return { ...emptyConversation(id), ...group, lastActivity: 100, ...fields };
}

const entries = (...list: Conversation[]) => new Map(list.map((conversation) => [conversation.id, conversation]));
const pending = (...list: Array<[string, Pending]>) => new Map(list);

describe('pending conversations', () => {
  it('a conversation created here shows at the top before its entry arrives, then as the entry says', () => {
    const created = pending(['new', { show: { ...group, title: 'Book club' }, at: 500 }]);
    expect(withPending(entries(entry('old')), created).map((c) => [c.id, c.title, c.lastActivity])).toEqual([
      ['new', 'Book club', 500],
      ['old', 'Hike', 100],
    ]);
    const arrived = entries(entry('old'), entry('new', { title: 'Book club', lastActivity: 490, unread: 1 }));
    expect(withPending(arrived, created).find((c) => c.id === 'new')).toMatchObject({ lastActivity: 490, unread: 1 });
    expect(settle(created, arrived).size).toBe(0);
  });

  it('a rename shows at once over the entry, keeping its preview and counts, until the relay moves changedAt', () => {
    const renamed = pending(['c1', { show: { ...group, title: 'Hike on Sunday' }, at: 500, changedAt: 7 }]);
    const stale = entries(entry('c1', { changedAt: 7, unread: 3 }));
    expect(withPending(stale, renamed)[0]).toMatchObject({ title: 'Hike on Sunday', unread: 3, lastActivity: 100 });
    expect(settle(renamed, stale)).toBe(renamed);
    const moved = entries(entry('c1', { changedAt: 8, title: 'Someone else won' }));
    expect(withPending(moved, renamed)[0]?.title).toBe('Someone else won');
    expect(settle(renamed, moved).size).toBe(0);
  });

  it('a save the relay did not need to announce settles once the entry shows the same settings', () => {
    const saved = pending(['c1', { show: group, at: 500, changedAt: 7 }]);
    expect(settle(saved, entries(entry('c1', { changedAt: 7 }))).size).toBe(0);
  });

  it('a conversation left here is hidden until its entry goes', () => {
    const left = pending(['c1', { hide: true }]);
    expect(withPending(entries(entry('c1'), entry('c2')), left).map((c) => c.id)).toEqual(['c2']);
    expect(settle(left, entries(entry('c1'))).size).toBe(1);
    expect(settle(left, entries()).size).toBe(0);
  });

  it("reads an HTTP answer's details as the entry would hold them: a DM by the other member's name", () => {
    const summary: ConversationSummary = {
      ...group,
      id: 'dm1',
      kind: 'dm',
      name: null,
      role: 'member',
      createdAt: new Date(0),
      otherUser: { id: 'u-bob', username: 'bob' },
    };
    expect(detailsOf(summary)).toEqual({ ...group, kind: 'dm', title: 'bob', role: 'member', otherUser: { id: 'u-bob', username: 'bob' } });
    expect(detailsOf({ ...summary, kind: 'group', name: 'Hike', otherUser: null }).title).toBe('Hike');
  });
});
