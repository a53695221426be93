// `npm run serve -- --demo`: the relay started as people start it seeds the demo users and
// conversations once, readable through the HTTP API and the app's sync client, and a second
// start on the same data adds nothing. Runs on PGlite, or Postgres when DATABASE_URL is set.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Conversation } from '#sync-client/conversation.ts';
import { openDocument } from '#sync-client/open-document.ts';
import { inboxDocName } from '../model/doc-names.ts';
import { listConversations } from '../model/inbox.ts';
import type { ListedMessage } from '../model/messages.ts';
import { parseMentions } from '../model/mentions.ts';
import { DEMO_DM, DEMO_GROUP, DEMO_PASSWORD, DEMO_USERNAMES, DEMO_VIEWER, type DemoConversation } from '../relay/demo/content.ts';
import { seedDemo } from '../relay/demo/seed.ts';
import { api, apiOk, type ConversationJson } from './helpers/api.ts';
import { BACKEND, freshDatabase, type TestDatabase } from './helpers/database.ts';
import { startRelay } from './helpers/relay.ts';
import { spawnRelay, type RelayProcess } from './helpers/relay-process.ts';
import { waitFor } from './helpers/wait.ts';

const SEED_TIMEOUT_MS = 60_000;

interface SignedIn {
  id: string;
  accessToken: string;
}

/** Starts the relay as `npm run serve -- --demo` does and waits for the demo's outcome line. */
async function startDemo(database: TestDatabase): Promise<{ relay: RelayProcess; outcome: Record<string, unknown> }> {
  const relay = await spawnRelay({ DATA_DIR: database.dataDir, DATABASE_URL: database.databaseUrl ?? '' }, ['--demo']);
  let outcome: Record<string, unknown> | undefined;
  await waitFor(
    () => (outcome = relay.logs.find((entry) => typeof entry.demo === 'string')) !== undefined,
    'the demo outcome',
    SEED_TIMEOUT_MS,
  );
  return { relay, outcome: outcome! };
}

async function stop(relay: RelayProcess): Promise<void> {
  if (relay.child.exitCode !== null || relay.child.signalCode !== null) return;
  process.kill(relay.child.pid!, 'SIGTERM');
  expect(await relay.exited).toEqual({ code: 0, signal: null });
}

const httpOf = (relay: RelayProcess) => ({ httpUrl: `http://127.0.0.1:${relay.port}` });

async function signIn(relay: RelayProcess, username: string): Promise<SignedIn> {
  const session = await apiOk(httpOf(relay), 'POST', '/api/auth/login', 200, { body: { username, password: DEMO_PASSWORD } });
  return { id: session.user.id, accessToken: session.accessToken };
}

async function conversationsOf(relay: RelayProcess, user: SignedIn): Promise<ConversationJson[]> {
  return (await apiOk<{ conversations: ConversationJson[] }>(httpOf(relay), 'GET', '/api/conversations', 200, { token: user.accessToken }))
    .conversations;
}

/** The messages of a conversation as the app shows them to `user`. */
async function messagesOf(relay: RelayProcess, user: SignedIn, conversationId: string): Promise<ListedMessage[]> {
  const conversation = await Conversation.open({
    conversationId,
    userId: user.id,
    relayUrl: `ws://127.0.0.1:${relay.port}`,
    token: user.accessToken,
    persist: false,
    WebSocketPolyfill: WebSocket as never,
  });
  try {
    return conversation.messages();
  } finally {
    await conversation.close();
  }
}

/** What `user`'s conversation list holds per conversation: unread and mention counts. */
async function inboxOf(relay: RelayProcess, user: SignedIn): Promise<Map<string, { unread: number; mentions: number }>> {
  const inbox = await openDocument({
    name: inboxDocName(user.id),
    relayUrl: `ws://127.0.0.1:${relay.port}`,
    token: user.accessToken,
    persist: false,
    WebSocketPolyfill: WebSocket as never,
  });
  try {
    await inbox.whenSynced;
    return new Map(listConversations(inbox.doc).map(({ id, unread, mentions }) => [id, { unread, mentions }]));
  } finally {
    await inbox.close();
  }
}

/** The viewer's unread messages: from `unreadFrom` on, not her own. */
function expectedUnread(conversation: DemoConversation): { unread: number; mentions: number } {
  const start = conversation.messages.findIndex(({ key }) => key === conversation.unreadFrom);
  const unread = conversation.messages.slice(start).filter(({ from }) => from !== DEMO_VIEWER);
  return { unread: unread.length, mentions: unread.filter(({ text }) => parseMentions(text).includes(DEMO_VIEWER)).length };
}

describe(`npm run serve -- --demo (${BACKEND})`, () => {
  let database: TestDatabase;
  let relay: RelayProcess | undefined;

  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => {
    if (relay) await stop(relay);
    await database.cleanup();
  });

  it(
    'seeds alice, bob and charlie with a DM and a group of history, then adds nothing on a second start',
    { timeout: 180_000 },
    async () => {
      const first = await startDemo(database);
      relay = first.relay;
      expect(first.outcome).toMatchObject({ demo: 'seeded', users: [...DEMO_USERNAMES], password: DEMO_PASSWORD });
      expect(Number(first.outcome.ms)).toBeLessThan(SEED_TIMEOUT_MS);
      await waitFor(() => relay!.output.some((line) => line.includes(`with the password: ${DEMO_PASSWORD}`)), 'the banner');
      expect(relay.output.join('\n')).toContain('Parley demo ready: open http://localhost:');
      // The writers kept to the message rate and wrote only what they may.
      expect(relay.logs.filter((entry) => /^(update|connection) refused/.test(String(entry.msg)))).toEqual([]);

      const alice = await signIn(relay, 'alice');
      // The seeding's own connections are not the users being online: nobody has been seen yet.
      const { users: contacts } = await apiOk(httpOf(relay), 'GET', '/api/presence', 200, { token: alice.accessToken });
      expect(contacts.map(({ online, lastSeen }: { online: boolean; lastSeen: string | null }) => ({ online, lastSeen }))).toEqual([
        { online: false, lastSeen: null },
        { online: false, lastSeen: null },
      ]);
      const conversations = await conversationsOf(relay, alice);
      expect(conversations).toHaveLength(2);
      const dm = conversations.find((conversation) => conversation.kind === 'dm');
      const group = conversations.find((conversation) => conversation.kind === 'group');
      expect(dm).toMatchObject({ otherUser: { username: 'bob' }, memberCount: 2 });
      expect(group).toMatchObject({ name: DEMO_GROUP.name, topic: DEMO_GROUP.topic, role: 'admin', memberCount: 3, visibility: 'private' });

      const { members } = await apiOk(httpOf(relay), 'GET', `/api/conversations/${group!.id}/members`, 200, { token: alice.accessToken });
      const roles = Object.fromEntries(members.map((member: { username: string; role: string }) => [member.username, member.role]));
      expect(roles).toEqual(DEMO_GROUP.roles);
      const usernameOf = new Map<string | null, string>(
        members.map((member: { userId: string; username: string }) => [member.userId, member.username]),
      );

      const groupMessages = await messagesOf(relay, alice, group!.id);
      expect(groupMessages).toHaveLength(DEMO_GROUP.messages.length);
      expect(groupMessages.map(({ author }) => usernameOf.get(author))).toEqual(DEMO_GROUP.messages.map(({ from }) => from));
      expect(groupMessages.map(({ text }) => text)).toEqual(DEMO_GROUP.messages.map(({ text, editedTo }) => editedTo ?? text));
      expect(groupMessages.filter(({ edited }) => edited)).toHaveLength(1);
      const reactions = groupMessages.map((message) =>
        message.reactions.map(({ emoji, users }) => ({ emoji, by: users.map((id) => usernameOf.get(id)).sort() })),
      );
      expect(reactions).toEqual(
        DEMO_GROUP.messages.map((message) => (message.reactions ?? []).map(({ emoji, by }) => ({ emoji, by: [...by].sort() }))),
      );
      expect(reactions.flat().length).toBeGreaterThan(0);
      const byKey = new Map(DEMO_GROUP.messages.map(({ key }, index) => [key, groupMessages[index]!]));
      expect(byKey.get('north')!.replyTo).toBe(byKey.get('which')!.id);
      expect(byKey.get('spare')!.mentions.map((id) => usernameOf.get(id))).toEqual(['charlie']);
      // Spread over days, in the past.
      const firstWall = Number.parseInt(groupMessages[0]!.hlc.slice(0, 9), 36);
      const lastWall = Number.parseInt(groupMessages.at(-1)!.hlc.slice(0, 9), 36);
      expect(lastWall).toBeLessThan(Date.now());
      expect(lastWall - firstWall).toBeGreaterThan(24 * 60 * 60_000);

      const dmMessages = await messagesOf(relay, alice, dm!.id);
      expect(dmMessages.map(({ author }) => usernameOf.get(author))).toEqual(DEMO_DM.messages.map(({ from }) => from));

      // alice has unread messages (and a mention) waiting; bob and charlie have read everything.
      const aliceInbox = await inboxOf(relay, alice);
      expect(aliceInbox.get(group!.id)).toEqual(expectedUnread(DEMO_GROUP));
      expect(aliceInbox.get(dm!.id)).toEqual(expectedUnread(DEMO_DM));
      expect(expectedUnread(DEMO_GROUP).mentions).toBe(1);
      const bob = await signIn(relay, 'bob');
      const charlie = await signIn(relay, 'charlie');
      expect(await inboxOf(relay, bob)).toEqual(
        new Map([
          [group!.id, { unread: 0, mentions: 0 }],
          [dm!.id, { unread: 0, mentions: 0 }],
        ]),
      );
      expect(await inboxOf(relay, charlie)).toEqual(new Map([[group!.id, { unread: 0, mentions: 0 }]]));

      await stop(relay);
      const second = await startDemo(database);
      relay = second.relay;
      expect(second.outcome).toMatchObject({ demo: 'present' });
      await waitFor(() => relay!.output.some((line) => line.includes('seeded on an earlier start')), 'the banner of a second start');
      const again = await signIn(relay, 'alice');
      expect((await conversationsOf(relay, again)).map(({ id }) => id).sort()).toEqual([dm!.id, group!.id].sort());
      expect(await messagesOf(relay, again, group!.id)).toHaveLength(DEMO_GROUP.messages.length);
      expect(await messagesOf(relay, again, dm!.id)).toHaveLength(DEMO_DM.messages.length);
      expect(await conversationsOf(relay, await signIn(relay, 'charlie'))).toHaveLength(1);
    },
  );
});

describe('seedDemo on a server where a demo name is taken', () => {
  it('writes nothing and says which users are in the way', async () => {
    const relay = await startRelay();
    try {
      await relay.accounts.register({ username: 'alice', password: 'a password of her own' });
      const outcome = await seedDemo({
        accounts: relay.accounts,
        conversations: relay.conversations,
        presence: relay.presence,
        relayUrl: `ws://127.0.0.1:${relay.port}`,
        messageRatePer10s: relay.config.MESSAGE_RATE_PER_10S,
        inboxFlushMs: relay.config.INBOX_FLUSH_MS,
        log: pino({ level: 'silent' }),
      });
      expect(outcome).toEqual({
        status: 'skipped',
        reasons: [
          'alice exists, but the demo password does not work for alice (was it changed?)',
          'bob does not exist',
          'charlie does not exist',
        ],
      });
      expect(await relay.accounts.userByName('bob')).toBeNull();
      const alice = await relay.accounts.userByName('alice');
      expect(await relay.conversations.listMine(alice!.id)).toEqual([]);
      const login = await api(relay, 'POST', '/api/auth/login', { body: { username: 'alice', password: 'a password of her own' } });
      expect(login.status).toBe(200);
    } finally {
      await relay.stop();
    }
  });
});
