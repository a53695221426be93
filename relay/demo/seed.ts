// Seeds the demo (content.ts) into a running relay. Accounts and conversations go through the
// relay's own services; the history goes through its WebSocket, written by the app's sync client
// with one client per user, so the relay binds every author's clientIDs, checks every update and
// keeps each user's conversation list exactly as it does for people using the app.
import type { Logger } from 'pino';
import { WebSocket } from 'ws';
import { Conversation } from '#sync-client/conversation.ts';
import { openDocument, type OpenedDocument } from '#sync-client/open-document.ts';
import { inboxDocName } from '../../model/doc-names.ts';
import { listConversations, setReadMarker } from '../../model/inbox.ts';
import { addReaction, editMessage, sendMessage } from '../../model/messages.ts';
import { messagesMap } from '../../model/schema.ts';
import { latestSegment } from '../../model/segments.ts';
import type { Session } from '../../protocol/http/accounts.ts';
import type { AccountService } from '../auth/account-service.ts';
import type { ConversationService } from '../conversations/conversation-service.ts';
import type { PresenceNotifier } from '../keepers/presence-notifier.ts';
import { ErrorCode, RelayError } from '../errors.ts';
import { MessageRate } from '../sync/message-rate.ts';
import {
  DEMO_CONVERSATIONS,
  DEMO_PASSWORD,
  DEMO_USERNAMES,
  DEMO_VIEWER,
  membersOf,
  type DemoConversation,
  type DemoUsername,
} from './content.ts';
import { DemoError, DemoErrorCode } from './demo-error.ts';
import { byAuthor, mentionLookup, planMessages, splitAt, type PlannedMessage } from './plan.ts';
import { until, untilStored } from './until.ts';

export type DemoOutcome =
  | { status: 'seeded'; ms: number }
  /** alice, bob and charlie exist and the demo password works for each: seeded on an earlier start. */
  | { status: 'present' }
  /** Some of them exist, or the demo password does not work for them: nothing was written. */
  | { status: 'skipped'; reasons: string[] };

export interface SeedOptions {
  accounts: Pick<AccountService, 'register' | 'login' | 'logout' | 'userByName'>;
  conversations: Pick<ConversationService, 'createDm' | 'createGroup' | 'invite' | 'changeRole'>;
  /** Keeps the seeding's connections from counting as the demo users being online (never seen before anyone used them). */
  presence: Pick<PresenceNotifier, 'quiet' | 'release'>;
  /** Base URL of the relay's sync endpoint as this process reaches it, e.g. `ws://127.0.0.1:8080`. */
  relayUrl: string;
  /** The relay's MESSAGE_RATE_PER_10S: the writers keep to it, so the relay refuses nothing. */
  messageRatePer10s: number;
  /** The relay's INBOX_FLUSH_MS: how long conversation lists may take to show new messages. */
  inboxFlushMs: number;
  log: Logger;
  now?: Date;
}

/** The address the demo's logins count against (the per-IP backoff); they come from this process. */
const LOOPBACK_IP = '127.0.0.1';
/** How long the relay may take to store an update; generous, as the first start also runs initdb. */
const STORE_TIMEOUT_MS = 30_000;

type Sessions = Record<DemoUsername, Session>;

interface Seeding {
  options: SeedOptions;
  now: Date;
  sessions: Sessions;
  inboxes: Record<DemoUsername, OpenedDocument>;
  /** A twin of the relay's per-user bucket: waiting on it keeps every update within the rate. */
  rate: MessageRate;
}

export async function seedDemo(options: SeedOptions): Promise<DemoOutcome> {
  const started = performance.now();
  const accounts = await demoAccounts(options.accounts);
  if (accounts.status !== 'new') return accounts;
  const { sessions } = accounts;
  const userIds = Object.values(sessions).map((session) => session.user.id);
  options.presence.quiet(userIds);
  // Every y-websocket provider in Node adds a process 'exit' listener; the demo holds this many
  // at once, which is not the leak Node warns about from the eleventh listener on (0: no limit).
  const providers = DEMO_USERNAMES.length + 2 * DEMO_CONVERSATIONS.reduce((sum, conversation) => sum + membersOf(conversation).length, 0);
  const limited = process.getMaxListeners() !== 0;
  if (limited) process.setMaxListeners(process.getMaxListeners() + providers);
  try {
    const ids: string[] = [];
    for (const conversation of DEMO_CONVERSATIONS) ids.push(await createConversation(options.conversations, conversation, sessions));
    const inboxes = await openInboxes(options, sessions);
    try {
      const seeding: Seeding = {
        options,
        now: options.now ?? new Date(),
        sessions,
        inboxes,
        rate: new MessageRate(options.messageRatePer10s, 10_000),
      };
      await Promise.all(DEMO_CONVERSATIONS.map((conversation, index) => writeHistory(seeding, conversation, ids[index]!)));
    } finally {
      await Promise.all(Object.values(inboxes).map((inbox) => inbox.close()));
    }
  } finally {
    if (limited) process.setMaxListeners(process.getMaxListeners() - providers);
    await signOut(options, sessions);
    await options.presence.release(userIds);
  }
  return { status: 'seeded', ms: Math.round(performance.now() - started) };
}

/** New demo users when none of them exists; otherwise whether the demo password still works for them. */
async function demoAccounts(
  accounts: SeedOptions['accounts'],
): Promise<{ status: 'new'; sessions: Sessions } | Exclude<DemoOutcome, { status: 'seeded' }>> {
  const existing = await Promise.all(DEMO_USERNAMES.map((username) => accounts.userByName(username)));
  if (existing.every((user) => user === null)) {
    const register = (username: DemoUsername) => accounts.register({ username, password: DEMO_PASSWORD });
    // One after the other: each argon2id hash takes 19 MiB.
    return { status: 'new', sessions: { alice: await register('alice'), bob: await register('bob'), charlie: await register('charlie') } };
  }
  const reasons: string[] = [];
  for (const [index, username] of DEMO_USERNAMES.entries()) {
    if (!existing[index]) {
      reasons.push(`${username} does not exist`);
      continue;
    }
    try {
      const session = await accounts.login({ username, password: DEMO_PASSWORD }, LOOPBACK_IP);
      await accounts.logout(session.refreshToken);
    } catch (error) {
      if (!(error instanceof RelayError) || error.code !== ErrorCode.invalidCredentials) throw error;
      reasons.push(`${username} exists, but the demo password does not work for ${username} (was it changed?)`);
    }
  }
  return reasons.length === 0 ? { status: 'present' } : { status: 'skipped', reasons };
}

async function createConversation(
  service: SeedOptions['conversations'],
  conversation: DemoConversation,
  sessions: Sessions,
): Promise<string> {
  const userIdOf = (username: DemoUsername): string => sessions[username].user.id;
  if (conversation.kind === 'dm') {
    const [from, to] = conversation.between;
    return (await service.createDm(userIdOf(from), to)).conversation.id;
  }
  const [admin, ...others] = membersOf(conversation);
  if (!admin) throw new DemoError(DemoErrorCode.invalidContent, `The group "${conversation.name}" has no members`);
  const { id } = await service.createGroup(userIdOf(admin), { name: conversation.name, topic: conversation.topic, visibility: 'private' });
  for (const username of others) {
    await service.invite(userIdOf(admin), id, username);
    const role = conversation.roles[username];
    if (role !== 'member') await service.changeRole(userIdOf(admin), id, userIdOf(username), role);
  }
  return id;
}

async function openInboxes({ relayUrl }: SeedOptions, sessions: Sessions): Promise<Record<DemoUsername, OpenedDocument>> {
  const open = (username: DemoUsername) =>
    openDocument({
      name: inboxDocName(sessions[username].user.id),
      relayUrl,
      token: sessions[username].accessToken,
      persist: false,
      WebSocketPolyfill: WebSocket as never,
    });
  return { alice: await open('alice'), bob: await open('bob'), charlie: await open('charlie') };
}

/**
 * Writes a conversation's history in two rounds: what everyone has read (and marks it read in
 * every member's inbox), then what is new to the viewer; then reactions and edits, which need
 * the others' messages in each writer's copy. The relay counts unread messages as they arrive,
 * so the rounds are what leaves the viewer with unread badges and everyone else with none.
 */
async function writeHistory(seeding: Seeding, conversation: DemoConversation, conversationId: string): Promise<void> {
  const { options, sessions, inboxes } = seeding;
  const members = membersOf(conversation);
  const label = conversation.kind === 'dm' ? 'the DM' : `"${conversation.name}"`;
  const userIdOf = (username: DemoUsername): string => sessions[username].user.id;
  const clients: Conversation[] = [];
  try {
    const writers = new Map<DemoUsername, OpenedDocument>();
    for (const username of members) {
      const client = await Conversation.open({
        conversationId,
        userId: userIdOf(username),
        relayUrl: options.relayUrl,
        token: sessions[username].accessToken,
        persist: false,
        WebSocketPolyfill: WebSocket as never,
      });
      clients.push(client);
      // A conversation created a moment ago lists one segment, which open() has loaded; segments
      // roll over at 500 messages, so every demo message belongs in it.
      const latest = latestSegment(client.list);
      const segment = latest && client.segments.get(latest.index);
      if (!segment) throw new DemoError(DemoErrorCode.refused, `The relay listed no segment for ${label}`);
      writers.set(username, segment);
    }
    const writer = (username: DemoUsername): OpenedDocument => {
      const segment = writers.get(username);
      if (!segment) throw new DemoError(DemoErrorCode.invalidContent, `${username} writes in ${label} but is not a member`);
      return segment;
    };
    const planned = planMessages(conversation, { now: seeding.now, clientOf: (username) => writer(username).doc.clientID, userIdOf });
    const [read, unread] = splitAt(planned, conversation.unreadFrom);
    const allStored = (what: string) =>
      Promise.all([...writers].map(([username, segment]) => untilStored(segment, `${username}'s ${what} in ${label}`, STORE_TIMEOUT_MS)));

    const send = async (messages: readonly PlannedMessage[]): Promise<void> => {
      for (const [username, mine] of byAuthor(messages)) {
        await withinRate(seeding.rate, userIdOf(username), mine.length);
        const { doc } = writer(username);
        doc.transact(() => {
          for (const message of mine) sendMessage(doc, message.draft, { hlc: message.clock, id: message.id });
        });
      }
      await allStored('messages');
    };
    const entryOf = (username: DemoUsername) => listConversations(inboxes[username].doc).find((entry) => entry.id === conversationId);
    const listsShow = (hlc: string) =>
      Promise.all(
        members.map((username) =>
          until(
            inboxes[username],
            `${username}'s conversation list to show the latest message of ${label}`,
            () => entryOf(username)?.preview?.hlc === hlc,
            options.inboxFlushMs + STORE_TIMEOUT_MS,
          ),
        ),
      );
    const markRead = (readers: readonly DemoUsername[], hlc: string) =>
      Promise.all(
        readers.map(async (username) => {
          setReadMarker(inboxes[username].doc, conversationId, hlc);
          await untilStored(inboxes[username], `${username}'s read marker in ${label}`, STORE_TIMEOUT_MS);
          await until(
            inboxes[username],
            `${username}'s unread count of ${label} to clear`,
            () => entryOf(username)?.unread === 0 && entryOf(username)?.mentions === 0,
            STORE_TIMEOUT_MS,
          );
        }),
      );

    await send(read);
    await listsShow(read.at(-1)!.hlc);
    await markRead(members, read.at(-1)!.hlc);
    await send(unread);

    await Promise.all(
      [...writers].map(([username, segment]) =>
        until(
          segment,
          `${username} to receive every message of ${label}`,
          () => planned.every(({ id }) => messagesMap(segment.doc).has(id)),
          STORE_TIMEOUT_MS,
        ),
      ),
    );
    const lookup = mentionLookup(conversation, userIdOf);
    for (const [username, { doc }] of writers) {
      doc.transact(() => {
        for (const message of planned) {
          if (message.edit && message.from === username) editMessage(doc, message.id, message.edit.text, message.edit.atMs, lookup);
          for (const { emoji, by } of message.reactions) if (by.includes(username)) addReaction(doc, message.id, emoji, userIdOf(username));
        }
      });
    }
    await allStored('reactions and edits');

    const latest = planned.at(-1)!.hlc;
    await listsShow(latest);
    await markRead(
      members.filter((username) => username !== DEMO_VIEWER),
      latest,
    );
    options.log.debug({ conversationId, messages: planned.length }, `demo history of ${label} written`);
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
}

/** Waits, like the relay would make a client wait, until `count` more messages are within the rate. */
async function withinRate(rate: MessageRate, userId: string, count: number): Promise<void> {
  for (let wait = rate.take(userId, count); wait > 0; wait = rate.take(userId, count))
    await new Promise((resolve) => setTimeout(resolve, wait));
}

/** The seeding's sessions end with it: nobody ever sees these refresh tokens. */
async function signOut({ accounts, log }: SeedOptions, sessions: Sessions): Promise<void> {
  const results = await Promise.allSettled(Object.values(sessions).map((session) => accounts.logout(session.refreshToken)));
  for (const result of results)
    if (result.status === 'rejected') log.warn({ err: result.reason }, 'could not sign out a demo seeding session');
}
