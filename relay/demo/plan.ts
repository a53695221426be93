// Turns the demo content into what each writer sends: wall times in the past, clocks and message
// ids for the writer's clientID, drafts with resolved replies and mentions, and the split between
// what the viewer has read and what is new to her. Pure: the caller passes the time and the ids.
import { createHlc, formatHlc, nodeFromClientId, tick, type Hlc } from '../../model/hlc.ts';
import { messageId } from '../../model/ids.ts';
import { resolveMentions, type UsernameLookup } from '../../model/mentions.ts';
import type { Draft } from '../../model/messages.ts';
import { membersOf, type DemoConversation, type DemoTime, type DemoUsername } from './content.ts';
import { DemoError, DemoErrorCode } from './demo-error.ts';

/** How long after sending the edited message was changed. */
const EDIT_AFTER_MS = 3 * 60_000;

export interface PlannedMessage {
  key: string;
  from: DemoUsername;
  clock: Hlc;
  /** The clock as stored, the form read markers and previews compare. */
  hlc: string;
  id: string;
  draft: Draft;
  edit: { text: string; atMs: number } | null;
  reactions: Array<{ emoji: string; by: DemoUsername[] }>;
}

export interface PlanContext {
  now: Date;
  /** The clientID each member writes the conversation with: message ids end in it. */
  clientOf(username: DemoUsername): number;
  userIdOf(username: DemoUsername): string;
}

/** Milliseconds since the epoch of a demo time, as seen at `now` in the local time zone. */
export function demoTimestamp(time: DemoTime, now: Date): number {
  if ('minutesAgo' in time) return now.getTime() - time.minutesAgo * 60_000;
  const [hours = 0, minutes = 0] = time.at.split(':').map(Number);
  const day = new Date(now);
  day.setDate(day.getDate() - time.daysAgo);
  day.setHours(hours, minutes, 0, 0);
  return day.getTime();
}

/** Mentions resolve among the conversation's members, as the app's composer resolves them. */
export function mentionLookup(conversation: DemoConversation, userIdOf: (username: DemoUsername) => string): UsernameLookup {
  const members: readonly string[] = membersOf(conversation);
  return (username) => (members.includes(username) ? userIdOf(username as DemoUsername) : undefined);
}

export function planMessages(conversation: DemoConversation, context: PlanContext): PlannedMessage[] {
  const lookup = mentionLookup(conversation, (username) => context.userIdOf(username));
  const ids = new Map<string, string>();
  return conversation.messages.map((message) => {
    const wallMs = demoTimestamp(message.time, context.now);
    const client = context.clientOf(message.from);
    const clock = tick(createHlc(nodeFromClientId(client)), wallMs);
    const id = messageId(clock, client);
    const replyTo = message.replyTo === undefined ? undefined : ids.get(message.replyTo);
    if (message.replyTo !== undefined && replyTo === undefined) {
      throw new DemoError(
        DemoErrorCode.invalidContent,
        `"${message.key}" replies to "${message.replyTo}", which is not an earlier message`,
      );
    }
    ids.set(message.key, id);
    return {
      key: message.key,
      from: message.from,
      clock,
      hlc: formatHlc(clock),
      id,
      draft: { text: message.text, mentions: resolveMentions(message.text, lookup), ...(replyTo === undefined ? {} : { replyTo }) },
      edit:
        message.editedTo === undefined ? null : { text: message.editedTo, atMs: Math.min(wallMs + EDIT_AFTER_MS, context.now.getTime()) },
      reactions: message.reactions ?? [],
    };
  });
}

/** The messages before `key` (read by everyone) and from it on (new to the viewer). */
export function splitAt(planned: readonly PlannedMessage[], key: string): [PlannedMessage[], PlannedMessage[]] {
  const index = planned.findIndex((message) => message.key === key);
  if (index <= 0) throw new DemoError(DemoErrorCode.invalidContent, `"${key}" must name a message after the first`);
  return [planned.slice(0, index), planned.slice(index)];
}

/** Each author's messages, in order: one transaction (one update) per author carries them. */
export function byAuthor(planned: readonly PlannedMessage[]): Map<DemoUsername, PlannedMessage[]> {
  const authors = new Map<DemoUsername, PlannedMessage[]>();
  for (const message of planned) authors.set(message.from, [...(authors.get(message.from) ?? []), message]);
  return authors;
}
