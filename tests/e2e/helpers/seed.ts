// Seeds the e2e relay from Node: accounts and groups through the HTTP API, long histories through
// the relay's WebSocket with the app's Conversation client (tests/helpers/history.ts).
import { WebSocket } from 'ws';
import { Conversation } from '#sync-client/conversation.ts';
import { addMember, createGroup, register, type TestUser } from '../../helpers/api.ts';
import { fillHistory } from '../../helpers/history.ts';
import { PASSWORD, uniqueName } from './app.ts';

export interface SeededRoom {
  conversationId: string;
  name: string;
  /** Writes the messages. Everyone signs in with PASSWORD. */
  writer: TestUser;
  readers: TestUser[];
}

/** A private group by a new user, with `readers` more new members. */
export async function seedRoom(baseURL: string, readers = 0): Promise<SeededRoom> {
  const relay = { httpUrl: baseURL };
  const writer = await register(relay, uniqueName('writer'), PASSWORD);
  const members = await Promise.all(Array.from({ length: readers }, () => register(relay, uniqueName('reader'), PASSWORD)));
  const name = uniqueName('history');
  const { id: conversationId } = await createGroup(relay, writer, { name });
  for (const member of members) await addMember(relay, conversationId, writer, member);
  return { conversationId, name, writer, readers: members };
}

/**
 * The room's writer sends `total` messages, the `n`th (from 0) reading `text(n)`, stamped one
 * millisecond apart up to now. Resolves, with the seconds it took, once the relay stored them all.
 */
export async function writeMessages(baseURL: string, room: SeededRoom, total: number, text: (n: number) => string): Promise<number> {
  const started = performance.now();
  const conversation = await Conversation.open({
    conversationId: room.conversationId,
    userId: room.writer.userId,
    relayUrl: baseURL.replace(/^http/, 'ws'),
    token: room.writer.accessToken,
    persist: false,
    WebSocketPolyfill: WebSocket as never,
  });
  try {
    await fillHistory(conversation, total, text);
  } finally {
    await conversation.close();
  }
  return (performance.now() - started) / 1000;
}
