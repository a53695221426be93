import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addReaction, editMessage, listMessages, sendMessage } from '../../model/messages.ts';
import { parseMentions } from '../../model/mentions.ts';
import { checkPassword } from '../auth/passwords.ts';
import {
  DEMO_CONVERSATIONS,
  DEMO_DM,
  DEMO_GROUP,
  DEMO_PASSWORD,
  DEMO_USERNAMES,
  DEMO_VIEWER,
  membersOf,
  type DemoConversation,
  type DemoUsername,
} from './content.ts';
import { DemoError } from './demo-error.ts';
import { byAuthor, demoTimestamp, mentionLookup, planMessages, splitAt } from './plan.ts';

const NOW = new Date(2025, 5, 14, 15, 30);
const userIdOf = (username: DemoUsername): string => `u-${username}`;

/** One Y.Doc per member, as each demo user writes with their own client. */
function writers(conversation: DemoConversation): Map<DemoUsername, Y.Doc> {
  return new Map(membersOf(conversation).map((username) => [username, new Y.Doc()]));
}

function plan(conversation: DemoConversation, docs = writers(conversation), now = NOW) {
  return planMessages(conversation, { now, clientOf: (username) => docs.get(username)!.clientID, userIdOf });
}

/** Does what seed.ts does, with the relay replaced by exchanging updates between the docs. */
function writeLocally(conversation: DemoConversation) {
  const docs = writers(conversation);
  const planned = plan(conversation, docs);
  const exchange = (): void => {
    for (const from of docs.values()) for (const to of docs.values()) if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from));
  };
  for (const [username, mine] of byAuthor(planned)) {
    const doc = docs.get(username)!;
    doc.transact(() => mine.forEach((message) => sendMessage(doc, message.draft, { hlc: message.clock, id: message.id })));
  }
  exchange();
  const lookup = mentionLookup(conversation, userIdOf);
  for (const [username, doc] of docs) {
    for (const message of planned) {
      if (message.edit && message.from === username) editMessage(doc, message.id, message.edit.text, message.edit.atMs, lookup);
      for (const { emoji, by } of message.reactions) if (by.includes(username)) addReaction(doc, message.id, emoji, userIdOf(username));
    }
  }
  exchange();
  const usernameOf = new Map([...docs].map(([username, doc]) => [doc.clientID, username]));
  return { planned, listed: listMessages(docs.get(DEMO_VIEWER)!, (client) => usernameOf.get(client)) };
}

describe('demo content', () => {
  it('has a password the relay accepts for every demo user', () => {
    for (const username of DEMO_USERNAMES) expect(checkPassword(DEMO_PASSWORD, username)).toEqual({ ok: true });
  });

  it('has about 10 messages in the DM and 20 in the group, every author a member', () => {
    expect(DEMO_DM.messages).toHaveLength(10);
    expect(DEMO_GROUP.messages).toHaveLength(20);
    for (const conversation of DEMO_CONVERSATIONS) {
      const members = membersOf(conversation);
      for (const message of conversation.messages) {
        expect(members).toContain(message.from);
        for (const { by } of message.reactions ?? []) for (const username of by) expect(members).toContain(username);
      }
      expect(new Set(conversation.messages.map(({ key }) => key)).size).toBe(conversation.messages.length);
    }
  });

  it('lists the group admin first, so the admin creates it', () => {
    expect(membersOf(DEMO_GROUP)).toEqual(['alice', 'bob', 'charlie']);
    expect(DEMO_GROUP.roles).toEqual({ alice: 'admin', bob: 'moderator', charlie: 'member' });
    expect(membersOf(DEMO_DM)).toEqual(['alice', 'bob']);
  });

  it('leaves the viewer unread messages from others in every conversation, and a mention in the group', () => {
    for (const conversation of DEMO_CONVERSATIONS) {
      const [, unread] = splitAt(plan(conversation), conversation.unreadFrom);
      expect(unread.filter(({ from }) => from !== DEMO_VIEWER).length).toBeGreaterThan(0);
    }
    const [, unread] = splitAt(plan(DEMO_GROUP), DEMO_GROUP.unreadFrom);
    expect(unread.some(({ draft }) => parseMentions(draft.text).includes(DEMO_VIEWER))).toBe(true);
  });

  it('shows markdown, a reply, reactions by several users, a mention of charlie and an edit', () => {
    const texts = DEMO_GROUP.messages.map(({ text }) => text).join('\n');
    expect(texts).toMatch(/\*\*[^*]+\*\*/);
    expect(texts).toMatch(/(^|\s)\*[^*\s][^*]*\*/);
    expect(texts).toMatch(/`[^`\n]+`/);
    expect(texts).toMatch(/```js\n[\s\S]+\n```/);
    expect(texts).toMatch(/\n- /);
    expect(texts).toMatch(/^> /m);
    expect(texts).toMatch(/\[[^\]]+\]\(https:\/\/[^)]+\)/);
    expect(DEMO_GROUP.messages.some(({ replyTo }) => replyTo)).toBe(true);
    expect(DEMO_GROUP.messages.some(({ reactions }) => reactions?.some(({ by }) => by.length > 1))).toBe(true);
    expect(DEMO_GROUP.messages.some(({ text }) => parseMentions(text).includes('charlie'))).toBe(true);
    expect(DEMO_GROUP.messages.filter(({ editedTo }) => editedTo !== undefined)).toHaveLength(1);
  });
});

describe('demoTimestamp', () => {
  it('reads clock times on earlier days in local time, and minutes before now', () => {
    expect(new Date(demoTimestamp({ daysAgo: 2, at: '18:02' }, NOW))).toEqual(new Date(2025, 5, 12, 18, 2));
    expect(demoTimestamp({ minutesAgo: 45 }, NOW)).toBe(NOW.getTime() - 45 * 60_000);
  });

  it('keeps every conversation in order, in the past and over more than one day, at any time of day', () => {
    for (let minutes = 0; minutes < 24 * 60; minutes += 30) {
      const now = new Date(2025, 0, 31, 0, minutes);
      for (const conversation of DEMO_CONVERSATIONS) {
        const times = conversation.messages.map(({ time }) => demoTimestamp(time, now));
        for (let i = 1; i < times.length; i++)
          expect(times[i], `${conversation.kind} message ${i} at ${now.toTimeString()}`).toBeGreaterThan(times[i - 1]!);
        expect(times.at(-1)).toBeLessThan(now.getTime());
        expect(new Date(times[0]!).getDate()).not.toBe(now.getDate());
      }
    }
  });
});

describe('planMessages', () => {
  it('stamps each message with a clock of its time and an id owned by its writer', () => {
    const docs = writers(DEMO_GROUP);
    const planned = plan(DEMO_GROUP, docs);
    expect(planned.map(({ key }) => key)).toEqual(DEMO_GROUP.messages.map(({ key }) => key));
    for (const [index, message] of planned.entries()) {
      expect(message.clock.wallMs).toBe(demoTimestamp(DEMO_GROUP.messages[index]!.time, NOW));
      expect(message.id.endsWith(`~${docs.get(message.from)!.clientID.toString(36)}`)).toBe(true);
    }
    expect([...planned].map(({ hlc }) => hlc).sort()).toEqual(planned.map(({ hlc }) => hlc));
  });

  it('resolves replies to the earlier message and mentions to members', () => {
    const planned = plan(DEMO_GROUP);
    const byKey = new Map(planned.map((message) => [message.key, message]));
    expect(byKey.get('north')!.draft.replyTo).toBe(byKey.get('which')!.id);
    expect(byKey.get('spare')!.draft.mentions).toEqual([userIdOf('charlie')]);
    expect(byKey.get('plan')!.draft.mentions).toEqual([]);
    expect(byKey.get('meet')!.edit).toEqual({
      text: DEMO_GROUP.messages.find(({ key }) => key === 'meet')!.editedTo,
      atMs: byKey.get('meet')!.clock.wallMs + 3 * 60_000,
    });
  });

  it('refuses a reply to a message that comes later', () => {
    const broken: DemoConversation = {
      ...DEMO_DM,
      messages: [{ ...DEMO_DM.messages[0]!, replyTo: 'train' }, ...DEMO_DM.messages.slice(1)],
    };
    expect(() => plan(broken)).toThrow(DemoError);
    expect(() => plan(broken)).toThrow(/"build" replies to "train"/);
  });

  it('passes the model rules and reads back as written: order, authors, replies, reactions, the edit', () => {
    for (const conversation of DEMO_CONVERSATIONS) {
      const { planned, listed } = writeLocally(conversation);
      expect(listed.map(({ id }) => id)).toEqual(planned.map(({ id }) => id));
      expect(listed.map(({ author }) => author)).toEqual(conversation.messages.map(({ from }) => from));
      expect(listed.map(({ text }) => text)).toEqual(conversation.messages.map(({ text, editedTo }) => editedTo ?? text));
      expect(listed.map(({ edited }) => edited)).toEqual(conversation.messages.map(({ editedTo }) => editedTo !== undefined));
      expect(listed.map(({ reactions }) => reactions.map(({ emoji, users }) => ({ emoji, by: users.map((id) => id.slice(2)) })))).toEqual(
        conversation.messages.map(({ reactions }) => reactions ?? []),
      );
    }
  });
});

describe('splitAt and byAuthor', () => {
  it('splits before the named message', () => {
    const [read, unread] = splitAt(plan(DEMO_DM), 'thermos');
    expect(read.map(({ key }) => key).at(-1)).toBe('mine');
    expect(unread.map(({ key }) => key)).toEqual(['thermos', 'call']);
  });

  it('refuses an unknown key and the first message (nothing would be read)', () => {
    expect(() => splitAt(plan(DEMO_DM), 'nope')).toThrow(DemoError);
    expect(() => splitAt(plan(DEMO_DM), 'build')).toThrow(DemoError);
  });

  it('gathers each author’s messages in order', () => {
    const authors = byAuthor(plan(DEMO_DM));
    expect([...authors.keys()]).toEqual(['bob', 'alice']);
    expect(authors.get('alice')!.map(({ key }) => key)).toEqual(['train', 'gym', 'thanks', 'tent']);
  });
});
