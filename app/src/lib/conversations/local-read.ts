// An entry's counts once this device read it: the relay counts unread messages and zeroes them
// when the read marker reaches the newest message (its preview), but only once the marker reaches
// the relay, which offline is later. The same rule applied here clears the badge at once.
import type { Conversation } from '#model/inbox.ts';
import { compareStrings } from '#model/schema.ts';

/** `entry`, with no unread messages or mentions when its read marker is at or past its preview. */
export function withLocalRead(entry: Conversation): Conversation {
  if (entry.unread === 0 && entry.mentions === 0) return entry;
  if (entry.readMarker === null || entry.preview === null || compareStrings(entry.readMarker, entry.preview.hlc) < 0) return entry;
  return { ...entry, unread: 0, mentions: 0 };
}
