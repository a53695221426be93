// The relay-written inbox fields over the real relay: a new device's conversation list is right
// without opening any conversation.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { inboxDocName, segmentDocName } from '../model/doc-names.ts';
import { createHlc, formatHlc, tick } from '../model/hlc.ts';
import { messageId } from '../model/ids.ts';
import { conversationsMap, findConversation, listConversations, setReadMarker, type Conversation } from '../model/inbox.ts';
import { deleteMessage, editMessage, listMessages, sendMessage } from '../model/messages.ts';
import { addMember, api, createDm, createGroup, register, type TestUser } from './helpers/api.ts';
import { freshDatabase } from './helpers/database.ts';
import { OpenProviders } from './helpers/providers.ts';
import { startRelay, type TestRelay } from './helpers/relay.ts';
import { replayStored } from './helpers/stored-doc.ts';
import { waitFor } from './helpers/wait.ts';

let relay: TestRelay;
let alice: TestUser;
let bob: TestUser;
const providers = new OpenProviders();

beforeAll(async () => {
  relay = await startRelay({ INBOX_FLUSH_MS: '50' });
  alice = await register(relay, 'alice');
  bob = await register(relay, 'bob');
});
afterEach(() => {
  providers.destroyAll();
});
afterAll(async () => {
  await relay.stop();
});

const open = (user: TestUser, doc: string, on: Pick<TestRelay, 'wsUrl'> = relay): Promise<WebsocketProvider> =>
  providers.open(on, doc, user.accessToken);

const entry = (inbox: WebsocketProvider, id: string): Conversation | undefined => listConversations(inbox.doc).find((c) => c.id === id);
const messagesOf = (segment: WebsocketProvider) => listMessages(segment.doc, () => undefined);

describe('inbox documents', () => {
  it('R-INBOX-1: a new member gets the entry, then activity, preview, unread and mention counts; reading clears them', async () => {
    const group = await createGroup(relay, alice, { name: 'Team' });
    await addMember(relay, group.id, alice, bob);
    const bobInbox = await open(bob, inboxDocName(bob.userId));
    await waitFor(() => entry(bobInbox, group.id) !== undefined, "bob's entry");
    expect(entry(bobInbox, group.id)).toMatchObject({ title: 'Team', kind: 'group', unread: 0, mentions: 0, preview: null });

    const segment = await open(alice, segmentDocName(group.id, 0));
    let clock = createHlc(segment.doc.clientID.toString(36));
    const send = (text: string, mentions: string[] = []): string => {
      clock = tick(clock, Date.now());
      sendMessage(segment.doc, { text, mentions }, { hlc: clock, id: messageId(clock, segment.doc.clientID) });
      return text;
    };
    send('hello team');
    send('@bob can you look?', [bob.userId]);
    await waitFor(() => entry(bobInbox, group.id)?.unread === 2, "bob's unread count");
    const seen = entry(bobInbox, group.id)!;
    expect(seen).toMatchObject({ mentions: 1, preview: { author: alice.userId, text: '@bob can you look?' } });
    expect(seen.lastActivity).toBeGreaterThan(Date.now() - 60_000);

    const aliceInbox = await open(alice, inboxDocName(alice.userId));
    await waitFor(() => entry(aliceInbox, group.id)?.preview !== null, "alice's preview");
    expect(entry(aliceInbox, group.id)).toMatchObject({ unread: 0, mentions: 0 });

    setReadMarker(bobInbox.doc, group.id, seen.preview!.hlc);
    await waitFor(() => entry(bobInbox, group.id)?.unread === 0, "bob's counts to clear");
    expect(entry(bobInbox, group.id)?.mentions).toBe(0);
  });

  it('R-INBOX-1: a message of attachments alone previews their kinds and names, so the list can say "Photo"', async () => {
    const group = await createGroup(relay, alice, { name: 'Album' });
    await addMember(relay, group.id, alice, bob);
    const bobInbox = await open(bob, inboxDocName(bob.userId));
    await waitFor(() => entry(bobInbox, group.id) !== undefined, "bob's entry");
    const segment = await open(alice, segmentDocName(group.id, 0));
    const clock = tick(createHlc(segment.doc.clientID.toString(36)), Date.now());
    const photo = { id: 'm0000000000000009', kind: 'image' as const, name: 'dunes.jpg', size: 10, mime: 'image/jpeg' };
    sendMessage(segment.doc, { text: '', attachments: [photo] }, { hlc: clock, id: messageId(clock, segment.doc.clientID) });
    await waitFor(() => entry(bobInbox, group.id)?.preview !== null, "bob's preview");
    expect(entry(bobInbox, group.id)?.preview).toMatchObject({ text: '', attachments: [{ kind: 'image', name: 'dunes.jpg' }] });
  });

  it("R-INBOX-1: last activity is the newest message's own time, never later than now, and a late backlog never moves it back", async () => {
    const group = await createGroup(relay, alice, { name: 'Backlog' });
    await addMember(relay, group.id, alice, bob);
    const bobInbox = await open(bob, inboxDocName(bob.userId));
    await waitFor(() => entry(bobInbox, group.id) !== undefined, "bob's entry");
    const joined = entry(bobInbox, group.id)!.lastActivity;
    const segment = await open(alice, segmentDocName(group.id, 0));

    // Written on the train two hours ago, delivered now: it counts, and as the newest (only)
    // message its time is the conversation's, not the time bob joined.
    const trainMs = Date.now() - 2 * 60 * 60_000;
    const old = tick(createHlc('train'), trainMs);
    sendMessage(segment.doc, { text: 'written on the train' }, { hlc: old, id: messageId(old, segment.doc.clientID) });
    await waitFor(() => entry(bobInbox, group.id)?.unread === 1, 'the backlog to count');
    expect(entry(bobInbox, group.id)).toMatchObject({ lastActivity: trainMs, preview: { text: 'written on the train' } });

    // A clock a little ahead (within what the relay accepts) does not put the conversation in the future.
    const ahead = tick(old, Date.now() + 4 * 60_000);
    sendMessage(segment.doc, { text: 'fast clock' }, { hlc: ahead, id: messageId(ahead, segment.doc.clientID) });
    await waitFor(() => entry(bobInbox, group.id)?.preview?.text === 'fast clock', 'the fast-clock preview');
    const shown = entry(bobInbox, group.id)!;
    expect(shown.lastActivity).toBeLessThanOrEqual(Date.now());
    expect(shown.lastActivity).toBeGreaterThan(joined);

    // Another device's backlog from an hour ago arrives last: it counts, but the newer preview and time stay.
    const late = tick(createHlc('late'), Date.now() - 60 * 60_000);
    sendMessage(segment.doc, { text: 'late backlog' }, { hlc: late, id: messageId(late, segment.doc.clientID) });
    await waitFor(() => entry(bobInbox, group.id)?.unread === 3, 'the late message to count');
    expect(entry(bobInbox, group.id)).toMatchObject({ preview: { text: 'fast clock' }, lastActivity: shown.lastActivity });
  });

  it('R-INBOX-1: a member who read the newest message before the relay wrote the counts has nothing unread', async () => {
    const group = await createGroup(relay, alice, { name: 'Live' });
    await addMember(relay, group.id, alice, bob);
    const bobInbox = await open(bob, inboxDocName(bob.userId));
    await waitFor(() => entry(bobInbox, group.id) !== undefined, "bob's entry");
    const segment = await open(alice, segmentDocName(group.id, 0));
    const clock = tick(createHlc(segment.doc.clientID.toString(36)), Date.now());
    sendMessage(segment.doc, { text: '@bob live', mentions: [bob.userId] }, { hlc: clock, id: messageId(clock, segment.doc.clientID) });
    // Bob has it on screen: his marker reaches the relay within the interval the relay gathers messages for.
    setReadMarker(bobInbox.doc, group.id, formatHlc(clock));
    await waitFor(() => entry(bobInbox, group.id)?.preview?.text === '@bob live', 'the preview');
    expect(entry(bobInbox, group.id)).toMatchObject({ unread: 0, mentions: 0 });
  });

  it("R-INBOX-1: a backlog written before the member's read marker adds nothing unread; what came after it does", async () => {
    const group = await createGroup(relay, alice, { name: 'Marker' });
    await addMember(relay, group.id, alice, bob);
    const bobInbox = await open(bob, inboxDocName(bob.userId));
    await waitFor(() => entry(bobInbox, group.id) !== undefined, "bob's entry");
    const segment = await open(alice, segmentDocName(group.id, 0));
    const send = (text: string, hlc: ReturnType<typeof createHlc>): void =>
      void sendMessage(segment.doc, { text }, { hlc, id: messageId(hlc, segment.doc.clientID) });
    const first = tick(createHlc('desk'), Date.now());
    send('read already', first);
    await waitFor(() => entry(bobInbox, group.id)?.unread === 1, 'the first message to count');
    setReadMarker(bobInbox.doc, group.id, formatHlc(first));
    await waitFor(() => entry(bobInbox, group.id)?.unread === 0, "bob's counts to clear");

    // Delivered together: one from a phone that was offline before bob read, one written now.
    send('from the tunnel', tick(createHlc('phone'), Date.now() - 10 * 60_000));
    send('new since', tick(first, Date.now() + 1));
    await waitFor(() => entry(bobInbox, group.id)?.preview?.text === 'new since', 'the new preview');
    expect(entry(bobInbox, group.id)?.unread).toBe(1);
  });

  it('R-INBOX-5: the preview follows edits and deletes, and a deleted message stops counting as unread', async () => {
    const group = await createGroup(relay, alice, { name: 'Private' });
    await addMember(relay, group.id, alice, bob);
    const bobInbox = await open(bob, inboxDocName(bob.userId));
    const aliceInbox = await open(alice, inboxDocName(alice.userId));
    await waitFor(() => entry(bobInbox, group.id) !== undefined, "bob's entry");
    const segment = await open(alice, segmentDocName(group.id, 0));
    const send = (text: string, wallMs: number): string => {
      const hlc = tick(createHlc(segment.doc.clientID.toString(36)), wallMs);
      return sendMessage(segment.doc, { text }, { hlc, id: messageId(hlc, segment.doc.clientID) });
    };
    const previews = (): (string | undefined)[] => [entry(bobInbox, group.id)?.preview?.text, entry(aliceInbox, group.id)?.preview?.text];

    send('Earlier words', Date.now() - 1_000);
    const id = send('Preview orig', Date.now());
    await waitFor(() => entry(bobInbox, group.id)?.unread === 2 && previews().join() === 'Preview orig,Preview orig', 'both previews');
    editMessage(segment.doc, id, 'Preview edited', Date.now(), () => undefined);
    await waitFor(() => previews().join() === 'Preview edited,Preview edited', 'the edited preview');
    expect(entry(bobInbox, group.id)?.unread).toBe(2);

    deleteMessage(segment.doc, id);
    await waitFor(() => previews().join() === 'Earlier words,Earlier words', 'the previous message as preview');
    expect(entry(bobInbox, group.id)?.unread).toBe(1);
    expect(JSON.stringify(bobInbox.doc.toJSON())).not.toContain('Preview');

    // Sent and deleted before the relay wrote anything: never counted.
    const brief = send('gone at once', Date.now());
    deleteMessage(segment.doc, brief);
    const earlier = [...messagesOf(segment)].find((m) => m.text === 'Earlier words')!;
    deleteMessage(segment.doc, earlier.id);
    await waitFor(() => entry(bobInbox, group.id)?.preview?.deleted === true, 'the "deleted" preview');
    expect(entry(bobInbox, group.id)).toMatchObject({ unread: 0, preview: { text: '' } });
    expect(JSON.stringify(bobInbox.doc.toJSON())).not.toMatch(/Earlier words|gone at once/);
  });

  it("R-INBOX-2: a DM is titled with the other user's name, and a removed member loses the entry", async () => {
    const dm = await createDm(relay, alice, bob);
    const bobInbox = await open(bob, inboxDocName(bob.userId));
    await waitFor(() => entry(bobInbox, dm.id) !== undefined, "bob's DM entry");
    expect(entry(bobInbox, dm.id)).toMatchObject({ title: 'alice', kind: 'dm' });

    const group = await createGroup(relay, alice, { name: 'Temporary' });
    await addMember(relay, group.id, alice, bob);
    await waitFor(() => entry(bobInbox, group.id) !== undefined, 'the group entry');
    await api(relay, 'DELETE', `/api/conversations/${group.id}/members/${bob.userId}`, { token: alice });
    await waitFor(() => entry(bobInbox, group.id) === undefined, 'the entry to go');
  });

  it('R-INBOX-4: the entry carries what the list shows (other member, role, member count, topic, visibility) and follows changes', async () => {
    const carol = await register(relay, 'carol4');
    const group = await createGroup(relay, alice, { name: 'Crew', topic: 'boats', visibility: 'public' });
    await addMember(relay, group.id, alice, bob);
    const bobInbox = await open(bob, inboxDocName(bob.userId));
    await waitFor(() => entry(bobInbox, group.id)?.memberCount === 2, "bob's entry with its details");
    expect(entry(bobInbox, group.id)).toMatchObject({
      kind: 'group',
      title: 'Crew',
      otherUser: null,
      role: 'member',
      topic: 'boats',
      visibility: 'public',
    });

    await api(relay, 'PATCH', `/api/conversations/${group.id}/members/${bob.userId}`, { token: alice, body: { role: 'moderator' } });
    await waitFor(() => entry(bobInbox, group.id)?.role === 'moderator', "bob's new role");
    await addMember(relay, group.id, alice, carol);
    await waitFor(() => entry(bobInbox, group.id)?.memberCount === 3, 'the member count after carol joined');
    await api(relay, 'PATCH', `/api/conversations/${group.id}`, { token: alice, body: { topic: 'ships', visibility: 'private' } });
    await waitFor(() => entry(bobInbox, group.id)?.topic === 'ships', 'the new topic');
    expect(entry(bobInbox, group.id)?.visibility).toBe('private');

    const dm = await createDm(relay, alice, carol);
    const carolInbox = await open(carol, inboxDocName(carol.userId));
    await waitFor(() => entry(carolInbox, dm.id)?.memberCount === 2, "carol's DM entry");
    expect(entry(carolInbox, dm.id)).toMatchObject({
      kind: 'dm',
      title: 'alice',
      otherUser: { id: alice.userId, username: 'alice' },
      role: 'member',
    });
  });

  it('R-INBOX-4: an entry stored before entries carried details gets them when its inbox opens', async () => {
    const db = await freshDatabase();
    const first = await startRelay({ INBOX_FLUSH_MS: '50' }, { database: db });
    const owner = await register(first, 'owner4');
    const dana = await register(first, 'dana4');
    const group = await createGroup(first, owner, { name: 'Old times' });
    await addMember(first, group.id, owner, dana);
    const name = inboxDocName(dana.userId);
    await waitFor(
      async () => findConversation((await replayStored(first.store, name)).doc, group.id)?.memberCount === 2,
      "dana's entry to be stored",
    );
    await first.stop();
    const second = await startRelay({ INBOX_FLUSH_MS: '50' }, { database: db });
    try {
      // Dana's entry as an older relay left it: title and kind, no details.
      const { doc } = await replayStored(second.store, name);
      const before = Y.encodeStateVector(doc);
      doc.clientID = 4242;
      const stored = conversationsMap(doc).get(group.id) as Y.Map<unknown>;
      for (const key of ['otherUser', 'role', 'memberCount', 'topic', 'visibility']) stored.delete(key);
      await second.store.append([{ doc: name, data: Y.encodeStateAsUpdate(doc, before) }]);

      const provider = await open(dana, name, second);
      await waitFor(() => entry(provider, group.id)?.memberCount === 2, 'the details to come back');
      expect(entry(provider, group.id)).toMatchObject({ title: 'Old times', role: 'member', visibility: 'private' });
    } finally {
      await second.stop();
      await db.cleanup();
    }
  });

  it("R-INBOX-3: a join, a role change or a rename moves every member's changedAt, and a rename retitles the entry", async () => {
    const carol = await register(relay, 'carol');
    const group = await createGroup(relay, alice, { name: 'Before' });
    await addMember(relay, group.id, alice, bob);
    const bobInbox = await open(bob, inboxDocName(bob.userId));
    await waitFor(() => (entry(bobInbox, group.id)?.changedAt ?? 0) > 0, "bob's entry with a change time");
    const changes = (): number => entry(bobInbox, group.id)!.changedAt;

    let before = changes();
    await addMember(relay, group.id, alice, carol);
    await waitFor(() => changes() > before, 'changedAt after carol joined');

    before = changes();
    await api(relay, 'PATCH', `/api/conversations/${group.id}/members/${carol.userId}`, { token: alice, body: { role: 'moderator' } });
    await waitFor(() => changes() > before, 'changedAt after the role change');

    before = changes();
    await api(relay, 'PATCH', `/api/conversations/${group.id}`, { token: alice, body: { name: 'After' } });
    await waitFor(() => entry(bobInbox, group.id)?.title === 'After', 'the new title');
    expect(changes()).toBeGreaterThan(before);
    before = changes();
    await api(relay, 'DELETE', `/api/conversations/${group.id}/members/${carol.userId}`, { token: alice });
    await waitFor(() => changes() > before, 'changedAt after carol was removed');

    // No message was sent: a change alone leaves activity and counts as they were.
    expect(entry(bobInbox, group.id)).toMatchObject({ unread: 0, mentions: 0, preview: null });
  });
});
