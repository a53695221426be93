// @mention autocomplete in the composer: which name is being typed at the caret, and the text
// once a member is picked.

export interface MentionQuery {
  /** Index of the `@`. */
  start: number;
  /** What follows the `@` up to the caret, lowercased. */
  query: string;
}

/** The mention being typed right before the caret, if any. */
export function mentionQuery(text: string, caret: number): MentionQuery | null {
  const match = /(^|[^a-z0-9_.@/-])@([a-z0-9_.-]{0,32})$/i.exec(text.slice(0, caret));
  if (!match) return null;
  const query = match[2] ?? '';
  return { start: caret - query.length - 1, query: query.toLowerCase() };
}

/** Replaces the typed `@que` with `@username ` and puts the caret after it. */
export function completeMention(text: string, { start }: MentionQuery, caret: number, username: string): { text: string; caret: number } {
  const inserted = `@${username} `;
  const after = text
    .slice(caret)
    .replace(/^[a-z0-9_.-]*/i, '')
    .replace(/^ /, '');
  return { text: text.slice(0, start) + inserted + after, caret: start + inserted.length };
}

/** Members whose name starts with the query first, then those containing it; at most `limit`. */
export function mentionCandidates<T extends { username: string }>(members: readonly T[], query: string, limit = 6): T[] {
  const starts = members.filter((member) => member.username.toLowerCase().startsWith(query));
  const contains = members.filter(
    (member) => !member.username.toLowerCase().startsWith(query) && member.username.toLowerCase().includes(query),
  );
  return [...starts, ...contains].slice(0, limit);
}
