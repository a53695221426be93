// Stored read receipts over the real relay: a member's read marker in their inbox reaches the
// conversation's head, so the sender sees "read" after the reader has gone, on any device.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import { headDocName, inboxDocName } from '../model/doc-names.ts';
import { formatHlc } from '../model/hlc.ts';
import { findConversation, setReadMarker } from '../model/inbox.ts';
import { READS_KEY, readPositions } from '../model/read-positions.ts';
import { addMember, createDm, createGroup, register, type TestUser } from './helpers/api.ts';
import { OpenProviders } from './helpers/providers.ts';
import { startRelay, type TestRelay } from './helpers/relay.ts';
import { replayStored } from './helpers/stored-doc.ts';
import { waitFor } from './helpers/wait.ts';

let relay: TestRelay;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;
const providers = new OpenProviders();

beforeAll(async () => {
  relay = await startRelay({ INBOX_FLUSH_MS: '50' });
  alice = await register(relay, 'alice');
  bob = await register(relay, 'bob');
  carol = await register(relay, 'carol');
});
afterEach(() => {
  providers.destroyAll();
});
afterAll(async () => {
  await relay.stop();
});

const open = (user: TestUser, doc: string): Promise<WebsocketProvider> => providers.open(relay, doc, user.accessToken);

const hlc = (wallMs: number) => formatHlc({ wallMs, counter: 0, node: 'b' });

describe('stored read positions', () => {
  it('R-READS-1: a read marker set in the inbox reaches the head, for a device that opens it later; it never goes back', async () => {
    const dm = await createDm(relay, alice, bob);
    const bobInbox = await open(bob, inboxDocName(bob.userId));
    await waitFor(() => findConversation(bobInbox.doc, dm.id) !== undefined, "bob's entry");
    setReadMarker(bobInbox.doc, dm.id, hlc(Date.now()));
    const read = hlc(Date.now());
    setReadMarker(bobInbox.doc, dm.id, read);
    bobInbox.destroy();

    // alice was not there: a device of hers that opens the head afterwards sees it.
    await waitFor(
      async () => readPositions((await replayStored(relay.store, headDocName(dm.id))).doc).get(bob.userId)?.hlc === read,
      'stored read position',
    );
    const head = await open(alice, headDocName(dm.id));
    await waitFor(() => readPositions(head.doc).get(bob.userId)?.hlc === read, "alice's copy of bob's position");
    expect(readPositions(head.doc).get(bob.userId)?.at).toBeGreaterThan(0);

    // A marker from another device of bob's that is behind does not move it back.
    const other = await open(bob, inboxDocName(bob.userId));
    setReadMarker(other.doc, dm.id, hlc(1_000));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readPositions(head.doc).get(bob.userId)?.hlc).toBe(read);
  });

  it('R-READS-2: each member of a group has their own position, and nobody can write one', async () => {
    const group = await createGroup(relay, alice, { name: 'Reads' });
    await addMember(relay, group.id, alice, bob);
    await addMember(relay, group.id, alice, carol);
    const carolInbox = await open(carol, inboxDocName(carol.userId));
    await waitFor(() => findConversation(carolInbox.doc, group.id) !== undefined, "carol's entry");
    const read = hlc(Date.now());
    setReadMarker(carolInbox.doc, group.id, read);
    const head = await open(alice, headDocName(group.id));
    await waitFor(() => readPositions(head.doc).get(carol.userId)?.hlc === read, "carol's position");
    expect(readPositions(head.doc).has(bob.userId)).toBe(false);

    // bob forges carol's position (and one of his own) in the head: the relay refuses it.
    const forger = await open(bob, headDocName(group.id));
    const closed = new Promise<number>((resolve) => forger.ws?.addEventListener('close', (event) => resolve(event.code)));
    forger.doc.getMap(READS_KEY).set(carol.userId, { hlc: hlc(Date.now() + 60_000), at: 1 });
    expect(await closed).toBe(4403);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(readPositions((await replayStored(relay.store, headDocName(group.id))).doc).get(carol.userId)?.hlc).toBe(read);
  });
});
