// What a person's presence reads as: "Online", or when they were last seen, relative to now.
import type { UserPresence } from '#protocol/http/accounts.ts';

const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', Infinity],
];

/** "Online", "Last seen just now", "Last seen 5 minutes ago"…, or "Offline" for someone never seen. */
export function presenceLabel(presence: UserPresence, now: number, locale?: string): string {
  if (presence.online) return 'Online';
  if (!presence.lastSeen) return 'Offline';
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  let value = (presence.lastSeen.getTime() - now) / 60_000;
  if (Math.abs(value) < 1) return 'Last seen just now';
  for (const [unit, next] of STEPS) {
    if (Math.abs(value) < next) return `Last seen ${relative.format(Math.round(value), unit)}`;
    value /= next;
  }
  return 'Offline';
}
