// When the conversation summaries (GET /api/conversations) are stale, told by the inbox document:
// an entry appears when the user joins or is added, disappears when they leave or are removed,
// and its `changedAt` moves when members, roles or the group's settings change.

/** One string that changes exactly when one of those things happens. */
export function detailsVersion(entries: ReadonlyMap<string, { changedAt: number }>): string {
  return [...entries]
    .map(([id, entry]) => `${id}@${entry.changedAt}`)
    .sort()
    .join(',');
}
