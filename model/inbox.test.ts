import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ModelError } from './errors.ts';
import { formatHlc } from './hlc.ts';
import {
  CLIENT_FIELDS,
  compareListPlaces,
  conversationsMap,
  emptyConversation,
  findConversation,
  inboxFieldOwner,
  listConversations,
  readMarkers,
  PREVIEW_LENGTH,
  previewText,
  RELAY_FIELDS,
  setDraft,
  setReadMarker,
  writeRelayFields,
  type RelayFields,
} from './inbox.ts';
import { docFor, syncAll } from './testing.ts';
import { MAX_TEXT_LENGTH } from './validation.ts';

const hlc = (wallMs: number, node = 'a') => formatHlc({ wallMs, counter: 0, node });
const codeOf = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    if (error instanceof ModelError) return error.code;
  }
  return undefined;
};

function inboxWith(...conversations: [string, number, number?][]): Y.Doc {
  const doc = docFor(1);
  for (const [id, lastActivity, unread = 0] of conversations) writeRelayFields(doc, id, { lastActivity, unread, title: id, kind: 'group' });
  return doc;
}

describe('inbox fields', () => {
  it('M-INBOX-1: every entry key is owned by exactly one side, and unknown keys by nobody', () => {
    expect(CLIENT_FIELDS.filter((field) => (RELAY_FIELDS as readonly string[]).includes(field))).toEqual([]);
    for (const field of ['draft', 'pinned', 'muted', 'readMarker:123']) expect(inboxFieldOwner(field)).toBe('client');
    for (const field of RELAY_FIELDS) expect(inboxFieldOwner(field)).toBe('relay');
    for (const field of ['unreadMarker', 'owner', 'readMarkerx']) expect(inboxFieldOwner(field)).toBeUndefined();
  });

  it('M-INBOX-2: client writes touch only client-owned keys', () => {
    const doc = inboxWith(['c1', 10]);
    const written: string[] = [];
    conversationsMap(doc).observeDeep((events) => {
      for (const event of events) for (const key of event.keys.keys()) written.push(key);
    });
    setReadMarker(doc, 'c1', hlc(5));
    setDraft(doc, 'c1', 'half a thought');
    expect(written.map(inboxFieldOwner)).toEqual(written.map(() => 'client'));
  });
});

describe('listConversations', () => {
  it('M-INBOX-3: lists pinned conversations first, then by last activity, newest first', () => {
    const doc = inboxWith(['old', 100], ['new', 300], ['mid', 200], ['tie-b', 200], ['pinned-old', 50]);
    // Nothing writes a pin yet; one in the entry is read all the same.
    (conversationsMap(doc).get('pinned-old') as Y.Map<unknown>).set('pinned', true);
    expect(listConversations(doc).map((c) => c.id)).toEqual(['pinned-old', 'new', 'mid', 'tie-b', 'old']);
  });

  it('M-INBOX-3: the list order is one comparison: pinned, then latest activity, then id', () => {
    const places = [
      { id: 'b', lastActivity: 200 },
      { id: 'a', lastActivity: 200 },
      { id: 'pinned', pinned: true, lastActivity: 1 },
      { id: 'newest', pinned: false, lastActivity: 300 },
    ];
    expect(places.sort(compareListPlaces).map((place) => place.id)).toEqual(['pinned', 'newest', 'a', 'b']);
  });

  it('M-INBOX-4: can list only conversations with unread messages', () => {
    const doc = inboxWith(['read', 300, 0], ['unread', 100, 3]);
    expect(listConversations(doc, { unreadOnly: true }).map((c) => c.id)).toEqual(['unread']);
  });

  it('M-INBOX-4: finds one entry as the list reads it, and nothing for an unknown id or a malformed entry', () => {
    const doc = inboxWith(['a', 100, 2], ['b', 200]);
    conversationsMap(doc).set('junk', 'not an entry');
    expect(findConversation(doc, 'a')).toEqual(listConversations(doc).find((c) => c.id === 'a'));
    expect(findConversation(doc, 'a')).toMatchObject({ lastActivity: 100, unread: 2 });
    expect(findConversation(doc, 'missing')).toBeUndefined();
    expect(findConversation(doc, 'junk')).toBeUndefined();
  });

  it('M-INBOX-5: reads every field, with defaults for missing or malformed ones', () => {
    const doc = docFor(1);
    const written: RelayFields = {
      lastActivity: 5,
      preview: { author: 'u-bob', text: 'hey', hlc: hlc(5) },
      unread: 2,
      mentions: 1,
      title: 'Bob',
      kind: 'dm',
      changedAt: 7,
      otherUser: { id: 'u-bob', username: 'Bob' },
      role: 'admin',
      memberCount: 2,
      topic: '',
      visibility: 'private',
    };
    writeRelayFields(doc, 'c1', written);
    setReadMarker(doc, 'c1', hlc(3));
    setDraft(doc, 'c1', 'draft');
    conversationsMap(doc).set('bare', new Y.Map());
    conversationsMap(doc).set('junk', 'not an entry');
    const bad = new Y.Map<unknown>();
    conversationsMap(doc).set('bad', bad);
    bad.set('preview', { author: 1 });
    bad.set('unread', 'many');
    bad.set('kind', 'channel');
    bad.set('otherUser', { id: 'u-x' });
    bad.set('role', 'owner');
    bad.set('memberCount', -Infinity);
    bad.set('topic', 7);
    bad.set('visibility', 'everyone');
    expect(listConversations(doc)).toEqual([
      { id: 'c1', ...written, readMarker: hlc(3), draft: 'draft', pinned: false, muted: false },
      emptyConversation('bad'),
      emptyConversation('bare'),
    ]);
  });
});

describe('read markers', () => {
  it('M-INBOX-6: the read marker only moves forward', () => {
    const doc = inboxWith(['c1', 1]);
    expect(setReadMarker(doc, 'c1', hlc(5))).toBe(true);
    expect(setReadMarker(doc, 'c1', hlc(3))).toBe(false);
    expect(setReadMarker(doc, 'c1', hlc(5))).toBe(false);
    expect(listConversations(doc)[0]?.readMarker).toBe(hlc(5));
    expect(setReadMarker(doc, 'c1', hlc(9))).toBe(true);
    expect(listConversations(doc)[0]?.readMarker).toBe(hlc(9));
  });

  it('M-INBOX-7: concurrent marks from two devices merge to the later one, whichever order they sync in', () => {
    for (const [first, second] of [
      [5, 9],
      [9, 5],
    ] as const) {
      const relay = inboxWith(['c1', 1]);
      const phone = docFor(2);
      const laptop = docFor(3);
      syncAll([relay, phone, laptop]);
      setReadMarker(phone, 'c1', hlc(first));
      setReadMarker(laptop, 'c1', hlc(second));
      syncAll([phone, laptop]);
      for (const doc of [phone, laptop]) expect(listConversations(doc)[0]?.readMarker).toBe(hlc(9));
    }
  });

  it('M-INBOX-7: superseded marks are removed, so the entry keeps one mark per concurrent device at most', () => {
    const doc = inboxWith(['c1', 1]);
    const other = docFor(2);
    syncAll([doc, other]);
    for (let i = 1; i <= 20; i++) {
      setReadMarker(i % 2 ? doc : other, 'c1', hlc(i));
      syncAll([doc, other]);
    }
    const keys = [...(conversationsMap(doc).get('c1') as Y.Map<unknown>).keys()].filter((key) => key.startsWith('readMarker:'));
    expect(keys).toHaveLength(1);
  });

  it('M-INBOX-8: refuses a marker that is not an HLC, and entries the relay has not created', () => {
    const doc = inboxWith(['c1', 1]);
    expect(codeOf(() => setReadMarker(doc, 'c1', 'yesterday'))).toBe('invalid_clock');
    expect(codeOf(() => setReadMarker(doc, 'nope', hlc(1)))).toBe('unknown_conversation');
    expect(codeOf(() => setDraft(doc, 'nope', 'x'))).toBe('unknown_conversation');
  });
});

describe('drafts', () => {
  it('M-INBOX-9: a draft is saved, replaced, and removed when emptied', () => {
    const doc = inboxWith(['c1', 1]);
    setDraft(doc, 'c1', 'hello');
    setDraft(doc, 'c1', 'hello there');
    expect(listConversations(doc)[0]?.draft).toBe('hello there');
    setDraft(doc, 'c1', '');
    expect((conversationsMap(doc).get('c1') as Y.Map<unknown>).has('draft')).toBe(false);
    expect(codeOf(() => setDraft(doc, 'c1', 'x'.repeat(MAX_TEXT_LENGTH + 1)))).toBe('draft_too_long');
  });
});

describe('relay fields', () => {
  it('M-INBOX-10: the relay creates the entry once and updates only the fields it is given', () => {
    const doc = docFor(1);
    writeRelayFields(doc, 'c1', { title: 'Team', kind: 'group', lastActivity: 1 });
    setDraft(doc, 'c1', 'mine');
    writeRelayFields(doc, 'c1', { lastActivity: 2, unread: 1 });
    expect(listConversations(doc)[0]).toMatchObject({ title: 'Team', lastActivity: 2, unread: 1, draft: 'mine' });
  });

  it('M-INBOX-10: rewriting what the entry already holds writes nothing', () => {
    const doc = docFor(1);
    const details = {
      title: 'Team',
      kind: 'group',
      otherUser: null,
      role: 'member',
      memberCount: 3,
      topic: 't',
      visibility: 'public',
    } as const;
    expect(writeRelayFields(doc, 'c1', { ...details, preview: { author: 'u-a', text: 'hi', hlc: hlc(1) } })).toBe(true);
    const before = Y.encodeStateVector(doc);
    expect(writeRelayFields(doc, 'c1', { ...details, preview: { author: 'u-a', text: 'hi', hlc: hlc(1) } })).toBe(false);
    expect(Y.encodeStateAsUpdate(doc, before)).toEqual(Y.encodeStateAsUpdate(new Y.Doc()));
    expect(writeRelayFields(doc, 'c1', { ...details, memberCount: 4 })).toBe(true);
    expect(listConversations(doc)[0]).toMatchObject({ memberCount: 4, topic: 't', visibility: 'public' });
  });

  it('M-INBOX-11: previews are cut to 140 characters, on write and on read', () => {
    const doc = docFor(1);
    const long = '😀'.repeat(200);
    writeRelayFields(doc, 'c1', { preview: { author: 'u-a', text: long, hlc: hlc(1) } });
    const stored = (conversationsMap(doc).get('c1') as Y.Map<unknown>).get('preview') as { text: string };
    expect([...stored.text]).toHaveLength(PREVIEW_LENGTH);
    expect(stored.text.endsWith('…')).toBe(true);
    (conversationsMap(doc).get('c1') as Y.Map<unknown>).set('preview', { author: 'u-a', text: long, hlc: hlc(1) });
    expect([...(listConversations(doc)[0]?.preview?.text ?? '')]).toHaveLength(PREVIEW_LENGTH);
  });

  it('M-INBOX-11: short previews are kept as they are', () => {
    expect(previewText('hi')).toBe('hi');
    expect(previewText('x'.repeat(PREVIEW_LENGTH))).toBe('x'.repeat(PREVIEW_LENGTH));
  });
});

describe('readMarkers', () => {
  it("gives each entry's furthest marker and leaves out entries without one", () => {
    const doc = new Y.Doc();
    writeRelayFields(doc, 'c1', { lastActivity: 1 });
    writeRelayFields(doc, 'c2', { lastActivity: 1 });
    setReadMarker(doc, 'c1', hlc(3));
    setReadMarker(doc, 'c1', hlc(5));
    expect(readMarkers(doc)).toEqual(new Map([['c1', hlc(5)]]));
    expect(readMarkers(doc).get('c1')).toBe(findConversation(doc, 'c1')?.readMarker);
  });
});
