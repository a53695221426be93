// The line under a conversation's name: for a DM, the other person typing, online or when last
// seen; for a group, how many members it has and how many of them are online, then its topic.
import type { UserPresence } from '#protocol/http/accounts.ts';
import { presenceLabel } from '../session/presence-label.ts';

export type SubtitleInput =
  | { kind: 'dm'; typing: boolean; other: UserPresence | undefined; now: number }
  | { kind: 'group'; memberCount: number; onlineCount: number; topic: string };

export function headerSubtitle(input: SubtitleInput): string {
  if (input.kind === 'dm') {
    if (input.typing) return 'typing…';
    return input.other ? presenceLabel(input.other, input.now) : 'Direct message';
  }
  const members = `${input.memberCount} ${input.memberCount === 1 ? 'member' : 'members'}`;
  const counts = input.onlineCount > 0 ? `${members}, ${input.onlineCount} online` : members;
  return input.topic ? `${counts} · ${input.topic}` : counts;
}
