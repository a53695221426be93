// What `--demo` shows a newcomer: three users, a DM and a group with two days of history that
// use what Parley renders (markdown, replies, reactions, @mentions, an edit). Plain data; plan.ts
// turns it into messages and seed.ts writes them.
import type { Role } from '../../model/roles.ts';

export const DEMO_USERNAMES = ['alice', 'bob', 'charlie'] as const;
export type DemoUsername = (typeof DEMO_USERNAMES)[number];

/** Shown in the README and the start banner; it passes the relay's password rules (a test checks). */
export const DEMO_PASSWORD = 'parley-demo';

/**
 * The user to sign in as first: she has unread messages (and a mention) waiting in both
 * conversations, so the badges show. Everyone else has read everything.
 */
export const DEMO_VIEWER: DemoUsername = 'alice';

/**
 * When a message was written: a clock time on an earlier day (the relay's local time), or minutes
 * before the relay started. Earlier days stop at 21:30 and "today" goes back at most 150 minutes,
 * so the order holds whatever the time of day (plan.test.ts tries every half hour).
 */
export type DemoTime = { daysAgo: number; at: `${number}:${number}` } | { minutesAgo: number };

export interface DemoMessage {
  /** How replies refer to it. */
  key: string;
  from: DemoUsername;
  time: DemoTime;
  text: string;
  /** The key of an earlier message. */
  replyTo?: string;
  reactions?: Array<{ emoji: string; by: DemoUsername[] }>;
  /** The text the author changed it to, a few minutes after sending. */
  editedTo?: string;
}

interface DemoConversationBase {
  messages: DemoMessage[];
  /** DEMO_VIEWER read everything before this message; it and the ones after are unread for her. */
  unreadFrom: string;
}

export interface DemoDm extends DemoConversationBase {
  kind: 'dm';
  /** The first one opens the DM. */
  between: [DemoUsername, DemoUsername];
}

export interface DemoGroup extends DemoConversationBase {
  kind: 'group';
  name: string;
  topic: string;
  /** The admin creates the group and invites the others. */
  roles: Record<DemoUsername, Role>;
}

export type DemoConversation = DemoDm | DemoGroup;

export const DEMO_DM: DemoDm = {
  kind: 'dm',
  between: ['alice', 'bob'],
  unreadFrom: 'thermos',
  messages: [
    {
      key: 'build',
      from: 'bob',
      time: { daysAgo: 2, at: '21:10' },
      text: 'Hey! Did you try the new Parley build? Messages show up *instantly* now.',
    },
    {
      key: 'train',
      from: 'alice',
      time: { daysAgo: 2, at: '21:14' },
      text: 'Yes! I even wrote a few on the train without signal, and they went out as soon as I had Wi-Fi again.',
    },
    {
      key: 'local',
      from: 'bob',
      time: { daysAgo: 2, at: '21:15' },
      text: "That's the local-first part 🙂",
      reactions: [{ emoji: '❤️', by: ['alice'] }],
    },
    { key: 'gym', from: 'alice', time: { daysAgo: 1, at: '08:05' }, text: 'Can you send me the address of the climbing gym?' },
    { key: 'address', from: 'bob', time: { daysAgo: 1, at: '08:20' }, text: 'Sure: **Boulderhalle**, Hauptstrasse 12. Open until 22:00.' },
    { key: 'thanks', from: 'alice', time: { daysAgo: 1, at: '08:21' }, text: 'Thanks! 🙏' },
    { key: 'tent', from: 'alice', time: { minutesAgo: 100 }, text: 'Are you bringing your tent on Saturday, or should I?' },
    { key: 'mine', from: 'bob', time: { minutesAgo: 95 }, text: "I'll bring mine, it fits three.", replyTo: 'tent' },
    { key: 'thermos', from: 'bob', time: { minutesAgo: 35 }, text: "Could you bring the thermos? I've got the tea covered." },
    { key: 'call', from: 'bob', time: { minutesAgo: 6 }, text: 'Call me when you are free 📞' },
  ],
};

export const DEMO_GROUP: DemoGroup = {
  kind: 'group',
  name: 'Weekend hike',
  topic: 'Saturday: the lake trail, 12 km. Who brings what?',
  roles: { alice: 'admin', bob: 'moderator', charlie: 'member' },
  unreadFrom: 'thanks',
  messages: [
    {
      key: 'plan',
      from: 'alice',
      time: { daysAgo: 2, at: '18:02' },
      text: "Who's up for a hike on **Saturday**? I'm thinking of the lake trail, about 12 km 🥾",
    },
    { key: 'in', from: 'bob', time: { daysAgo: 2, at: '18:05' }, text: "I'm in! The forecast says *sunny, 19 °C*." },
    { key: 'which', from: 'charlie', time: { daysAgo: 2, at: '18:11' }, text: 'Count me in. Which trailhead do we start from?' },
    {
      key: 'north',
      from: 'bob',
      time: { daysAgo: 2, at: '18:14' },
      text: "The north one: it has parking, the south one doesn't.",
      replyTo: 'which',
    },
    {
      key: 'route',
      from: 'alice',
      time: { daysAgo: 2, at: '18:16' },
      text: "North it is. Here's the route: [lake trail on OpenStreetMap](https://www.openstreetmap.org/)",
      reactions: [{ emoji: '👍', by: ['bob', 'charlie'] }],
    },
    {
      key: 'packing',
      from: 'alice',
      time: { daysAgo: 1, at: '09:12' },
      text: 'Packing list so far:\n- water (2 litres each)\n- sandwiches\n- sunscreen\n- first-aid kit',
    },
    { key: 'kit', from: 'charlie', time: { daysAgo: 1, at: '09:30' }, text: "I'll bring the first-aid kit and my camera 📷" },
    {
      key: 'script',
      from: 'bob',
      time: { daysAgo: 1, at: '09:41' },
      text: "I wrote a tiny script to split the train tickets, as one does:\n```js\nconst share = (total, people) => (total / people).toFixed(2);\nshare(42.5, 3); // '14.17'\n```",
      reactions: [{ emoji: '😄', by: ['alice', 'charlie'] }],
    },
    {
      key: 'each',
      from: 'alice',
      time: { daysAgo: 1, at: '09:44' },
      text: "> as one does\n\nOf course you did 😄 So that's `14.17` each, I'll send the details.",
    },
    {
      key: 'eight',
      from: 'charlie',
      time: { daysAgo: 1, at: '12:03' },
      text: 'Could we start at 8 instead of 7? ~~7~~ is brutal on a Saturday.',
    },
    {
      key: 'meet',
      from: 'bob',
      time: { daysAgo: 1, at: '12:10' },
      text: '8 works for me. Meeting point: the station, platform 2.',
      editedTo: '8 works for me. Meeting point: the station, platform 3.',
      reactions: [{ emoji: '👍', by: ['alice', 'charlie'] }],
    },
    { key: 'calendar', from: 'alice', time: { daysAgo: 1, at: '12:15' }, text: '8 it is. Calendar invite updated ✅' },
    { key: 'forecast', from: 'bob', time: { daysAgo: 1, at: '20:05' }, text: 'Forecast update: still sunny ☀️' },
    { key: 'battery', from: 'charlie', time: { daysAgo: 1, at: '20:12' }, text: 'Perfect. Charging the camera tonight 🔋' },
    { key: 'jacket', from: 'charlie', time: { minutesAgo: 150 }, text: 'Does anyone have a spare rain jacket, just in case?' },
    { key: 'spare', from: 'alice', time: { minutesAgo: 140 }, text: "@charlie I have one, I'll bring it for you.", replyTo: 'jacket' },
    { key: 'thanks', from: 'charlie', time: { minutesAgo: 45 }, text: "Thanks @alice, you're the best 🙏" },
    {
      key: 'booked',
      from: 'bob',
      time: { minutesAgo: 30 },
      text: 'Tickets are booked. **See you Saturday at 8!**',
      reactions: [{ emoji: '🎉', by: ['charlie'] }],
    },
    { key: 'snacks', from: 'charlie', time: { minutesAgo: 12 }, text: "I'm bringing snacks 🍫" },
    { key: 'news', from: 'bob', time: { minutesAgo: 4 }, text: 'Best news all week 😄' },
  ],
};

export const DEMO_CONVERSATIONS: readonly DemoConversation[] = [DEMO_DM, DEMO_GROUP];

/** The members of a demo conversation, the one who creates it first. */
export function membersOf(conversation: DemoConversation): DemoUsername[] {
  if (conversation.kind === 'dm') return [...conversation.between];
  const roles = Object.entries(conversation.roles) as Array<[DemoUsername, Role]>;
  return roles.sort(([, a], [, b]) => Number(b === 'admin') - Number(a === 'admin')).map(([username]) => username);
}
