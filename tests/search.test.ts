// Server search through the real relay: messages written by stock providers are indexed after
// their commit (edits replace, deletes remove at once), the search language works, and only
// conversations the user is a member of at the moment of the query are searched.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { segmentDocName } from '../model/doc-names.ts';
import { createHlc, tick, type Hlc } from '../model/hlc.ts';
import { messageId } from '../model/ids.ts';
import { deleteMessage, editMessage, sendMessage } from '../model/messages.ts';
import { addMember, api, apiOk, createDm, createGroup, register, type TestUser } from './helpers/api.ts';
import { OpenProviders } from './helpers/providers.ts';
import { startRelay, type TestRelay } from './helpers/relay.ts';
import { waitFor } from './helpers/wait.ts';

let relay: TestRelay;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
let hikingId: string;
let dmId: string;
const providers = new OpenProviders();

beforeAll(async () => {
  relay = await startRelay({ MESSAGE_RATE_PER_10S: '100000' });
  [alice, bob, carol] = [await register(relay, 'alice'), await register(relay, 'bob'), await register(relay, 'carol')];
  hikingId = (await createGroup(relay, alice, { name: 'Hiking club' })).id;
  await addMember(relay, hikingId, alice, bob);
  await addMember(relay, hikingId, alice, carol);
  dmId = (await createDm(relay, alice, bob)).id;
});
afterEach(() => providers.destroyAll());
afterAll(async () => {
  await relay.stop();
});

interface Writer {
  segment: WebsocketProvider;
  clock: Hlc;
}

async function writer(user: TestUser, conversationId: string): Promise<Writer> {
  const segment = await providers.open(relay, segmentDocName(conversationId, 0), user.accessToken);
  return { segment, clock: createHlc(segment.doc.clientID.toString(36)) };
}

/** Sends `text` stamped at `at` (default now) and returns its id. */
function send(w: Writer, text: string, at = Date.now(), attachments: Parameters<typeof sendMessage>[1]['attachments'] = []): string {
  w.clock = tick(w.clock, at);
  // A clock in the past is how a message written offline arrives: kept as written.
  const hlc = at < Date.now() ? { ...w.clock, wallMs: at } : w.clock;
  const id = messageId(hlc, w.segment.doc.clientID);
  sendMessage(w.segment.doc, { text, attachments }, { hlc, id });
  return id;
}

const search = async (user: TestUser, q: string) =>
  (await apiOk(relay, 'GET', `/api/search?q=${encodeURIComponent(q)}`, 200, { token: user })).results;
const ids = async (user: TestUser, q: string) => (await search(user, q)).map((result: { messageId: string }) => result.messageId);
const indexed = (user: TestUser, q: string, expected: number) =>
  waitFor(async () => (await ids(user, q)).length === expected, `${expected} results for ${q}`);

describe('server search', () => {
  it('R-SEARCH-1: words, "phrases", -exclusions and prefixes, newest first, with the matches marked in the excerpt', async () => {
    const a = await writer(alice, hikingId);
    const first = send(a, 'Saturday we walk the ridge trail at nine', Date.now() - 60_000);
    const second = send(a, 'The trail map is on the board; bring water');
    const third = send(a, 'Trail closed on Sunday, ridge too windy');
    await indexed(bob, 'trail', 3);
    expect(await ids(bob, 'trail')).toEqual([third, second, first]);
    expect(await ids(bob, 'ridge trail')).toEqual([third, first]);
    expect(await ids(bob, '"ridge trail"')).toEqual([first]);
    expect(await ids(bob, 'trail -sunday')).toEqual([second, first]);
    expect(await ids(bob, 'wind*')).toEqual([third]);
    expect(await ids(bob, 'TRAIL MAP')).toEqual([second]);

    const [hit] = await search(bob, 'map');
    expect(hit).toMatchObject({ conversationId: hikingId, segment: 0, authorId: alice.userId, authorName: alice.username });
    expect(hit.conversation).toEqual({ kind: 'group', title: 'Hiking club' });
    expect(hit.excerpt.filter((part: { match: boolean }) => part.match).map((part: { text: string }) => part.text)).toEqual(['map']);
    expect(hit.excerpt.map((part: { text: string }) => part.text).join('')).toBe('The trail map is on the board; bring water');
  });

  it('R-SEARCH-2: from:@user, in:#group or a DM name, dates and has:link / has:image / has:file', async () => {
    const b = await writer(bob, hikingId);
    const link = send(
      b,
      'Forecast: https://weather.example/alps looks good',
      Date.parse('2030-01-10T12:00:00Z') > Date.now() ? Date.now() : Date.now(),
    );
    const photo = send(b, 'summit photo', Date.now(), [
      { id: 'm0000000000000001', kind: 'image', name: 'summit.jpg', size: 10, mime: 'image/jpeg' },
    ]);
    const file = send(b, 'route file', Date.now(), [
      { id: 'm0000000000000002', kind: 'file', name: 'route.gpx', size: 10, mime: 'application/gpx+xml' },
    ]);
    const d = await writer(alice, dmId);
    const secret = send(d, 'just between us: forecast is wrong');
    await indexed(alice, 'forecast', 2);
    expect(await ids(alice, 'forecast from:@' + bob.username)).toEqual([link]);
    expect(await ids(alice, `forecast in:${bob.username}`)).toEqual([secret]);
    expect(await ids(alice, 'forecast in:#hiking')).toEqual([link]);
    expect(await ids(alice, 'has:link')).toEqual([link]);
    expect(await ids(alice, 'has:image')).toEqual([photo]);
    expect(await ids(alice, 'has:file route')).toEqual([file]);
    // An attachment's name is searchable too.
    expect(await ids(alice, 'summit.jpg')).toEqual([photo]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await ids(alice, `forecast on:${today}`)).toHaveLength(2);
    expect(await ids(alice, `forecast before:${today}`)).toEqual([]);
    expect(await ids(alice, 'forecast after:2000-01-01')).toHaveLength(2);
    // Carol is in the group, not in the DM.
    expect(await ids(carol, 'forecast')).toEqual([link]);
  });

  it('R-SEARCH-3: an edit replaces what is found, a delete removes it at once, and a removed member finds nothing there', async () => {
    const a = await writer(alice, hikingId);
    const id = send(a, 'bring marshmallows');
    await indexed(carol, 'marshmallows', 1);
    editMessage(a.segment.doc, id, 'bring chocolate', Date.now(), () => undefined);
    await indexed(carol, 'chocolate', 1);
    expect(await ids(carol, 'marshmallows')).toEqual([]);
    deleteMessage(a.segment.doc, id);
    await indexed(carol, 'chocolate', 0);

    send(a, 'carol will not see this lantern');
    await indexed(bob, 'lantern', 1);
    await apiOk(relay, 'DELETE', `/api/conversations/${hikingId}/members/${carol.userId}`, 204, { token: alice });
    expect(await ids(carol, 'lantern')).toEqual([]);
    expect(await ids(carol, 'trail')).toEqual([]);
  });

  it('R-SEARCH-4: the crawler indexes what no commit did (history from before the index), edits and deletes included', async () => {
    const a = await writer(alice, hikingId);
    const kept = send(a, 'the compass is in my bag');
    const edited = send(a, 'headlamp batteries');
    const deleted = send(a, 'a compass for sale');
    editMessage(a.segment.doc, edited, 'headlamp and compass batteries', Date.now(), () => undefined);
    deleteMessage(a.segment.doc, deleted);
    await waitFor(async () => (await ids(bob, 'compass')).join() === [edited, kept].join(), 'the edit and the delete to be indexed');
    await relay.searchIndexer.reindex(hikingId);
    expect(await ids(bob, 'compass')).toEqual([]);
    while ((await relay.searchIndexer.crawlOnce(relay.store)) > 0);
    expect(await ids(bob, 'compass')).toEqual([edited, kept]);
    expect(await ids(bob, 'trail')).toHaveLength(3);
  });

  it('a blank or over-long query is refused with a clear error, and one of lone operators finds nothing', async () => {
    expect((await api(relay, 'GET', '/api/search?q=%20', { token: alice })).body).toMatchObject({ error: 'invalid_request' });
    expect((await api(relay, 'GET', `/api/search?q=${'x'.repeat(501)}`, { token: alice })).body.error).toBe('invalid_request');
    expect(await ids(alice, '* - "" &|!')).toEqual([]);
    expect((await api(relay, 'GET', '/api/search?q=trail')).status).toBe(401);
  });
});
