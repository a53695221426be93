// The malicious-client suite: real relay, real WebSockets, hand-crafted Yjs updates. Each attack
// must be refused with a clear reason, store nothing, and leave every other client unaffected.
import * as awarenessProtocol from 'y-protocols/awareness';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { clientBindings } from '../model/authors.ts';
import { headDocName, inboxDocName, segmentDocName } from '../model/doc-names.ts';
import type { Hlc } from '../model/hlc.ts';
import { messageId } from '../model/ids.ts';
import { conversationsMap } from '../model/inbox.ts';
import { addReaction, deleteMessage, editMessage, listMessages, removeReaction, sendMessage } from '../model/messages.ts';
import { messagesMap } from '../model/schema.ts';
import { readSegments } from '../model/segments.ts';
import { authorResolver } from '../model/authors.ts';
import { CloseCode } from '../protocol/close-codes.ts';
import { encodeSyncUpdate } from '../protocol/sync-messages.ts';
import { addMember, api, createGroup, expiredToken, register, type TestUser } from './helpers/api.ts';
import { OpenProviders } from './helpers/providers.ts';
import { startRelay, type TestRelay } from './helpers/relay.ts';
import { attemptFrames, type Refusal } from './helpers/raw-socket.ts';
import { replayStored } from './helpers/stored-doc.ts';
import { waitFor } from './helpers/wait.ts';

let relay: TestRelay;
let alice: TestUser; // admin of the group
let bob: TestUser; // member
let mod: TestUser; // moderator
let eve: TestUser; // not a member
let conversationId: string;
let segment: string;
const providers = new OpenProviders();
const sockets: WebSocket[] = [];

beforeAll(async () => {
  relay = await startRelay();
  alice = await register(relay, 'alice');
  bob = await register(relay, 'bob');
  mod = await register(relay, 'mod');
  eve = await register(relay, 'eve');
  conversationId = (await createGroup(relay, alice, { name: 'Team' })).id;
  await addMember(relay, conversationId, alice, bob);
  await addMember(relay, conversationId, alice, mod);
  await api(relay, 'PATCH', `/api/conversations/${conversationId}/members/${mod.userId}`, { token: alice, body: { role: 'moderator' } });
  segment = segmentDocName(conversationId, 0);
});
afterEach(() => {
  providers.destroyAll();
  for (const ws of sockets.splice(0)) ws.terminate();
});
afterAll(async () => {
  await relay.stop();
});

let wallMs = 1_700_000_000_000;
function stamp(doc: Y.Doc): { hlc: Hlc; id: string } {
  const hlc = { wallMs: wallMs++, counter: 0, node: doc.clientID.toString(36) };
  return { hlc, id: messageId(hlc, doc.clientID) };
}

/** A stock y-websocket provider for `user`, synced. */
function connect(user: TestUser, doc = segment): Promise<WebsocketProvider> {
  return providers.open(relay, doc, user.accessToken, `${user.username}'s provider to sync`);
}

/** Opens a raw socket as `token` and sends `update` once the relay greeted it; how the relay closed it. */
function attempt(token: string | undefined, doc: string, update?: Uint8Array): Promise<Refusal> {
  return attemptFrames(relay.wsUrl, token, doc, update ? [encodeSyncUpdate(update)] : [], sockets);
}

/** The update `change` makes on a replica of the stored document with the given clientID. */
async function craft(change: (doc: Y.Doc) => void, clientID?: number, doc = segment): Promise<Uint8Array> {
  const replica = new Y.Doc();
  if (clientID !== undefined) replica.clientID = clientID;
  Y.applyUpdate(replica, Y.encodeStateAsUpdate((await replayStored(relay.store, doc)).doc));
  const before = Y.encodeStateVector(replica);
  change(replica);
  return Y.encodeStateAsUpdate(replica, before);
}

async function storedHead(doc = segment): Promise<number> {
  return (await replayStored(relay.store, doc)).headSeq;
}

/** Alice sends a message through a stock provider and bob sees it; returns its id and bob's provider. */
async function aliceSays(text: string): Promise<{ id: string; aliceDoc: Y.Doc; bobProvider: WebsocketProvider }> {
  const aliceProvider = await connect(alice);
  const bobProvider = await connect(bob);
  const id = sendMessage(aliceProvider.doc, { text }, stamp(aliceProvider.doc));
  await waitFor(() => messagesMap(bobProvider.doc).has(id), "bob to receive alice's message");
  return { id, aliceDoc: aliceProvider.doc, bobProvider };
}

/** Refused, nothing stored, and the bystander still gets a new message through. */
async function expectRefused(refusal: Refusal, headBefore: number, expected: { code: number; denied: string }): Promise<void> {
  expect(refusal).toMatchObject(expected);
  expect(await storedHead()).toBe(headBefore);
  const a = await connect(alice);
  const b = await connect(bob);
  const id = sendMessage(a.doc, { text: 'still here' }, stamp(a.doc));
  await waitFor(() => messagesMap(b.doc).has(id), 'a bystander message after the refusal');
}

describe('connecting', () => {
  it('R-AUTHZ-1: refuses a connection without a token with 4401', async () => {
    expect(await attempt(undefined, segment)).toMatchObject({ code: CloseCode.unauthorized, denied: 'token_missing' });
  });

  it('R-AUTHZ-1: refuses an expired token with 4401 token_expired, so the client refreshes', async () => {
    const expired = await expiredToken(relay, bob);
    expect(await attempt(expired, segment)).toMatchObject({ code: CloseCode.unauthorized, denied: 'token_expired' });
  });

  it('R-AUTHZ-1: refuses a forged token with 4401 token_invalid', async () => {
    const [header, payload] = bob.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, sub: alice.userId, name: 'alice' })).toString('base64url');
    const forged = `${header}.${forgedPayload}.${bob.accessToken.split('.')[2]}`;
    expect(await attempt(forged, segment)).toMatchObject({ code: CloseCode.unauthorized, denied: 'token_invalid' });
  });

  it('R-AUTHZ-2: refuses a valid token for a conversation the user is not in, for its head and its segments', async () => {
    expect(await attempt(eve.accessToken, segment)).toMatchObject({ code: CloseCode.forbidden, denied: 'not_a_member' });
    expect(await attempt(eve.accessToken, headDocName(conversationId))).toMatchObject({
      code: CloseCode.forbidden,
      denied: 'not_a_member',
    });
  });

  it("R-AUTHZ-2: refuses opening another user's inbox", async () => {
    expect(await attempt(eve.accessToken, inboxDocName(bob.userId))).toMatchObject({ code: CloseCode.forbidden, denied: 'forbidden' });
  });

  it('R-AUTHZ-2: refuses documents that are not Parley documents with 4404', async () => {
    expect(await attempt(bob.accessToken, 'some-room')).toMatchObject({ code: CloseCode.notFound, denied: 'unknown_document' });
  });

  it('R-AUTHZ-9: lists segment 0 in the head before anyone reads it, and lets nobody but the relay write it', async () => {
    const head = headDocName(conversationId);
    const provider = await connect(bob, head);
    expect(readSegments(provider.doc).map((s) => s.id)).toEqual([segment]);
    const before = await storedHead(head);
    const update = await craft((doc) => doc.getMap('head').set('segments', new Y.Array()), undefined, head);
    expect(await attempt(alice.accessToken, head, update)).toMatchObject({ code: CloseCode.forbidden, denied: 'server_owned' });
    expect(await storedHead(head)).toBe(before);
  });
});

describe('writing', () => {
  it('R-AUTHZ-3: binds each clientID to its user and shows authors from that binding', async () => {
    const { id, aliceDoc, bobProvider } = await aliceSays('bound');
    await waitFor(() => clientBindings(bobProvider.doc).get(String(aliceDoc.clientID)) === alice.userId, 'the binding to reach bob');
    const listed = listMessages(bobProvider.doc, authorResolver(bobProvider.doc)).find((m) => m.id === id);
    expect(listed?.author).toBe(alice.userId);
  });

  it('R-AUTHZ-3: refuses an update from a clientID bound to another user (impersonation)', async () => {
    const { aliceDoc } = await aliceSays('mine');
    const headBefore = await storedHead();
    // A fresh document reusing alice's clientID, writing at the next clocks alice would use.
    const update = await craft((doc) => {
      doc.clientID = aliceDoc.clientID;
      sendMessage(doc, { text: 'I am alice' }, stamp(doc));
    });
    await expectRefused(await attempt(bob.accessToken, segment, update), headBefore, {
      code: CloseCode.forbidden,
      denied: 'client_bound_to_other_user',
    });
  });

  it("R-AUTHZ-4: refuses a member editing another member's message", async () => {
    const { id } = await aliceSays('original');
    const headBefore = await storedHead();
    const update = await craft((doc) => editMessage(doc, id, 'forged', Date.now(), () => undefined));
    await expectRefused(await attempt(bob.accessToken, segment, update), headBefore, { code: CloseCode.forbidden, denied: 'forbidden' });
    const stored = (await replayStored(relay.store, segment)).doc;
    expect((messagesMap(stored).get(id) as Y.Map<unknown>).get('text')).toBe('original');
  });

  it("R-AUTHZ-4: refuses a member deleting another member's message", async () => {
    const { id } = await aliceSays('keep me');
    const headBefore = await storedHead();
    const update = await craft((doc) => deleteMessage(doc, id));
    await expectRefused(await attempt(bob.accessToken, segment, update), headBefore, { code: CloseCode.forbidden, denied: 'forbidden' });
  });

  it('R-AUTHZ-4: refuses deleting the whole message list or a message entry, even for an admin', async () => {
    const { id } = await aliceSays('entry');
    const headBefore = await storedHead();
    const wipe = await craft((doc) => {
      const messages = messagesMap(doc);
      for (const key of [...messages.keys()]) messages.delete(key);
    });
    await expectRefused(await attempt(bob.accessToken, segment, wipe), headBefore, { code: CloseCode.forbidden, denied: 'forbidden' });
    const single = await craft((doc) => messagesMap(doc).delete(id));
    const headBeforeSingle = await storedHead();
    await expectRefused(await attempt(alice.accessToken, segment, single), headBeforeSingle, {
      code: CloseCode.forbidden,
      denied: 'forbidden',
    });
  });

  it('R-AUTHZ-4: refuses writing roles, membership or authorship through a document', async () => {
    const headBefore = await storedHead();
    const roles = await craft((doc) => doc.getMap('members').set(bob.userId, 'admin'));
    await expectRefused(await attempt(bob.accessToken, segment, roles), headBefore, {
      code: CloseCode.forbidden,
      denied: 'unknown_structure',
    });
    const authorship = await craft((doc) => clientBindings(doc).set('12345', bob.userId));
    const headBeforeAuthorship = await storedHead();
    await expectRefused(await attempt(bob.accessToken, segment, authorship), headBeforeAuthorship, {
      code: CloseCode.forbidden,
      denied: 'server_owned',
    });
  });

  it("R-AUTHZ-4: refuses adding or removing a reaction in another user's name", async () => {
    const { id } = await aliceSays('react to me');
    const a = await connect(alice);
    addReaction(a.doc, id, '👍', alice.userId);
    const b = await connect(bob);
    await waitFor(() => listMessages(b.doc, () => undefined).find((m) => m.id === id)?.reactions.length === 1, "alice's reaction");
    const headBefore = await storedHead();
    const add = await craft((doc) => addReaction(doc, id, '🎉', alice.userId));
    await expectRefused(await attempt(bob.accessToken, segment, add), headBefore, { code: CloseCode.forbidden, denied: 'forbidden' });
    const remove = await craft((doc) => removeReaction(doc, id, '👍', alice.userId));
    const headBeforeRemove = await storedHead();
    await expectRefused(await attempt(bob.accessToken, segment, remove), headBeforeRemove, {
      code: CloseCode.forbidden,
      denied: 'forbidden',
    });
  });

  it("R-AUTHZ-4: refuses writes to the relay's inbox fields and new inbox entries", async () => {
    const inbox = inboxDocName(bob.userId);
    await connect(bob, inbox);
    const entry = await craft((doc) => conversationsMap(doc).set(conversationId, new Y.Map()), undefined, inbox);
    expect(await attempt(bob.accessToken, inbox, entry)).toMatchObject({ code: CloseCode.forbidden, denied: 'server_owned' });
    // The relay's own inbox upkeep may store activity meanwhile, so look at the entry, not the head seq.
    const stored = conversationsMap((await replayStored(relay.store, inbox)).doc).get(conversationId) as Y.Map<unknown>;
    expect(stored.size).toBeGreaterThan(0);
  });

  it("R-AUTHZ-4: lets members send, edit, react, and moderators delete others' messages", async () => {
    const { id, bobProvider } = await aliceSays('moderate me');
    addReaction(bobProvider.doc, id, '👀', bob.userId);
    const own = sendMessage(bobProvider.doc, { text: 'typo' }, stamp(bobProvider.doc));
    editMessage(bobProvider.doc, own, 'fixed', Date.now(), () => undefined);
    const moderator = await connect(mod);
    await waitFor(() => listMessages(moderator.doc, () => undefined).some((m) => m.id === own && m.text === 'fixed'), "bob's edit");
    deleteMessage(moderator.doc, id);
    await waitFor(
      () => listMessages(bobProvider.doc, () => undefined).find((m) => m.id === id)?.deleted === true,
      "the moderator's delete",
    );
    const stored = listMessages((await replayStored(relay.store, segment)).doc, () => undefined);
    expect(stored.find((m) => m.id === id)).toMatchObject({ deleted: true, text: '' });
    expect(stored.find((m) => m.id === own)).toMatchObject({ text: 'fixed', edited: true });
  });
});

describe('awareness', () => {
  it('R-AUTHZ-8: stamps the user on awareness states, so nobody appears as someone else', async () => {
    const bobProvider = await connect(bob);
    const aliceProvider = await connect(alice);
    bobProvider.awareness.setLocalState({ typing: true, user: { id: alice.userId, name: 'alice' } });
    await waitFor(() => aliceProvider.awareness.getStates().get(bobProvider.doc.clientID)?.typing === true, "bob's typing state");
    expect(aliceProvider.awareness.getStates().get(bobProvider.doc.clientID)?.user).toEqual({ id: bob.userId, name: 'bob' });
  });

  it("R-AUTHZ-8: ignores awareness states for another user's clientID and keeps the connection", async () => {
    const { aliceDoc, bobProvider } = await aliceSays('awareness owner');
    const watcher = await connect(mod);
    const forged = new awarenessProtocol.Awareness(
      (() => {
        const doc = new Y.Doc();
        doc.clientID = aliceDoc.clientID;
        return doc;
      })(),
    );
    forged.setLocalState({ typing: true, presence: 'online' });
    awarenessProtocol.applyAwarenessUpdate(
      bobProvider.awareness,
      awarenessProtocol.encodeAwarenessUpdate(forged, [aliceDoc.clientID]),
      'forged',
    );
    bobProvider.awareness.setLocalState({ typing: false, marker: 'after' });
    await waitFor(() => watcher.awareness.getStates().get(bobProvider.doc.clientID)?.marker === 'after', "bob's own state");
    expect(watcher.awareness.getStates().get(aliceDoc.clientID)?.typing).not.toBe(true);
    expect(bobProvider.wsconnected).toBe(true);
  });
});

describe('membership changes', () => {
  it('R-AUTHZ-7: disconnects a removed member within a second and sends them nothing more', async () => {
    const carol = await register(relay, 'carol');
    await addMember(relay, conversationId, alice, carol);
    const carolProvider = await connect(carol);
    let closedAt = 0;
    carolProvider.ws?.addEventListener('close', () => (closedAt = Date.now()));
    const removedAt = Date.now();
    const removal = await api(relay, 'DELETE', `/api/conversations/${conversationId}/members/${carol.userId}`, { token: alice });
    expect(removal.status).toBeLessThan(300);
    await waitFor(() => closedAt > 0, 'carol to be disconnected', 5_000);
    expect(closedAt - removedAt).toBeLessThan(1_000);
    const a = await connect(alice);
    const secret = sendMessage(a.doc, { text: 'after carol left' }, stamp(a.doc));
    const b = await connect(bob);
    await waitFor(() => messagesMap(b.doc).has(secret), 'bob to receive the message');
    expect(messagesMap(carolProvider.doc).has(secret)).toBe(false);
    expect(await attempt(carol.accessToken, segment)).toMatchObject({ code: CloseCode.forbidden, denied: 'not_a_member' });
  });

  it('R-AUTHZ-7: applies a demotion to the next update', async () => {
    const { id } = await aliceSays('demote test');
    await api(relay, 'PATCH', `/api/conversations/${conversationId}/members/${mod.userId}`, { token: alice, body: { role: 'member' } });
    const headBefore = await storedHead();
    const update = await craft((doc) => deleteMessage(doc, id));
    await expectRefused(await attempt(mod.accessToken, segment, update), headBefore, { code: CloseCode.forbidden, denied: 'forbidden' });
    await api(relay, 'PATCH', `/api/conversations/${conversationId}/members/${mod.userId}`, { token: alice, body: { role: 'moderator' } });
  });
});
