// Turns the display-ordered message list into what the conversation screen draws: day
// separators, the unread divider, and runs of messages by the same author.
import { parseHlc } from './hlc.ts';

/** Consecutive messages by one author stay in one group while each follows the last within this. */
export const GROUP_WINDOW_MS = 5 * 60_000;

export interface GroupableMessage {
  readonly hlc: string;
  readonly author: string | null;
}

/**
 * One row of the conversation screen, top to bottom. A message that starts a group shows its
 * author's name and avatar; the rest of the group hangs under it.
 */
export type DisplayItem<T> = { kind: 'day'; day: string } | { kind: 'unread' } | { kind: 'message'; message: T; startsGroup: boolean };

export interface GroupingOptions {
  /** IANA time zone for day separators, e.g. 'Europe/Berlin'. Default 'UTC'. */
  timeZone?: string;
  /** Index of the first unread message: the unread divider goes above it, and it starts a group. */
  unreadFrom?: number;
}

export function groupMessages<T extends GroupableMessage>(messages: readonly T[], options: GroupingOptions = {}): DisplayItem<T>[] {
  const dayOf = dayKeyFormatter(options.timeZone ?? 'UTC');
  const items: DisplayItem<T>[] = [];
  let groupAuthor: string | null = null;
  let lastDay: string | undefined;
  let lastWallMs: number | undefined;
  messages.forEach((message, index) => {
    // A malformed clock (only a misbehaving client writes one) starts its own group on the current day.
    const wallMs = parseHlc(message.hlc)?.wallMs;
    const day = wallMs === undefined ? lastDay : dayOf(wallMs);
    let joins =
      groupAuthor !== null &&
      message.author === groupAuthor &&
      wallMs !== undefined &&
      lastWallMs !== undefined &&
      wallMs - lastWallMs <= GROUP_WINDOW_MS;
    if (day !== undefined && day !== lastDay) {
      items.push({ kind: 'day', day });
      lastDay = day;
      joins = false;
    }
    if (index === options.unreadFrom) {
      items.push({ kind: 'unread' });
      joins = false;
    }
    items.push({ kind: 'message', message, startsGroup: !joins });
    groupAuthor = message.author;
    lastWallMs = wallMs;
  });
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
