// Labels for when messages were written: the day separators between them and their times.
import { parseHlc } from '#model/hlc.ts';

// One formatter for every message: toLocaleTimeString with options builds a new one per call,
// which dominated rendering a page of 500 older messages.
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

/** The local time of day a message stamped `hlc` was written, e.g. "3:05 PM"; '' for a malformed clock. */
export function timeLabel(hlc: string): string {
  const wallMs = parseHlc(hlc)?.wallMs;
  return wallMs === undefined ? '' : timeOfDay(wallMs);
}

/** The local time of day of `ms`, e.g. "3:05 PM". */
export function timeOfDay(ms: number): string {
  return timeFormat.format(ms);
}

/** "Today", "Yesterday", or the date written out, for a `YYYY-MM-DD` day key in local time. */
export function dayLabel(dayKey: string, now = new Date()): string {
  const [year, month, day] = dayKey.split('-').map(Number);
  const date = new Date(year ?? 1970, (month ?? 1) - 1, day ?? 1);
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const days = Math.round((today.getTime() - date.getTime()) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return date.toLocaleDateString(undefined, {
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
  });
}
