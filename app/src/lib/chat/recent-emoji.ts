// The emoji this device reacted with lately, newest first, kept in localStorage: the reaction
// picker opens on them and the action sheet offers the first few, topped up with common ones.

const KEY = 'parley.recent-emoji';
/** Kept: three rows of the picker. */
export const RECENT_MAX = 24;
/** What fills the list before (and after) the user's own. */
export const COMMON_EMOJI: readonly string[] = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🙏', '👀'];

/** `recent` with `emoji` first, once, and no more than `max`. */
export function withRecent(recent: readonly string[], emoji: string, max = RECENT_MAX): string[] {
  return [emoji, ...recent.filter((other) => other !== emoji)].slice(0, max);
}

/** The user's recent emoji, then the common ones they have not used lately. */
export function topped(recent: readonly string[]): string[] {
  return [...recent, ...COMMON_EMOJI.filter((emoji) => !recent.includes(emoji))];
}

/** What this device stored; nothing when storage is unavailable or holds something else. */
export function recentEmoji(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): string[] {
  try {
    const stored: unknown = JSON.parse(storage?.getItem(KEY) ?? '[]');
    return Array.isArray(stored) ? stored.filter((emoji): emoji is string => typeof emoji === 'string').slice(0, RECENT_MAX) : [];
  } catch {
    return [];
  }
}

export function rememberEmoji(emoji: string, storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(KEY, JSON.stringify(withRecent(recentEmoji(storage), emoji)));
  } catch {
    // Private browsing or a full quota: the picker just does not remember.
  }
}
