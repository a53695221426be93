// Turns the display-ordered message list into what the conversation screen draws: day
// separators and runs of messages by the same author.
import { parseHlc } from './hlc.ts';

/** Consecutive messages by one author stay in one group while each follows the last within this. */
export const GROUP_WINDOW_MS = 5 * 60_000;

export interface GroupableMessage {
  readonly hlc: string;
  readonly author: string | null;
}

export interface MessageGroup<T> {
  kind: 'group';
  author: string | null;
  messages: T[];
}

export type DisplayItem<T> = { kind: 'day'; day: string } | MessageGroup<T>;

export interface GroupingOptions {
  /** IANA time zone for day separators, e.g. 'Europe/Berlin'. Default 'UTC'. */
  timeZone?: string;
}

export function groupMessages<T extends GroupableMessage>(messages: readonly T[], options: GroupingOptions = {}): DisplayItem<T>[] {
  const dayOf = dayKeyFormatter(options.timeZone ?? 'UTC');
  const items: DisplayItem<T>[] = [];
  let group: MessageGroup<T> | undefined;
  let lastDay: string | undefined;
  let lastWallMs: number | undefined;
  for (const message of messages) {
    // A malformed clock (only a misbehaving client writes one) starts its own group on the current day.
    const wallMs = parseHlc(message.hlc)?.wallMs;
    const day = wallMs === undefined ? lastDay : dayOf(wallMs);
    if (day !== undefined && day !== lastDay) {
      items.push({ kind: 'day', day });
      lastDay = day;
      group = undefined;
    }
    const joins =
      group !== undefined && message.author !== null && group.author === message.author &&
      wallMs !== undefined && lastWallMs !== undefined && wallMs - lastWallMs <= GROUP_WINDOW_MS;
    if (joins && group) {
      group.messages.push(message);
    } else {
      group = { kind: 'group', author: message.author, messages: [message] };
      items.push(group);
    }
    lastWallMs = wallMs;
  }
  return items;
}

/** `YYYY-MM-DD` of a wall time in a time zone; throws RangeError for an unknown zone. */
export function dayKeyFormatter(timeZone: string): (wallMs: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (wallMs) => {
    const parts = format.formatToParts(wallMs);
    const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
    return `${part('year')}-${part('month')}-${part('day')}`;
  };
}
