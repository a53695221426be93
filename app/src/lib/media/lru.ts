// The bookkeeping of the service worker's thumbnail cache: each entry's size and when it was last
// used, and which entries to drop so the cache stays within its budget (least recently used first).

export interface LruEntry {
  key: string;
  bytes: number;
  usedAt: number;
}

export interface LruIndex {
  entries: Record<string, LruEntry>;
  bytes: number;
}

export const emptyIndex = (): LruIndex => ({ entries: {}, bytes: 0 });

/** `key` was served at `now`. Unknown keys are left alone (they are not in the cache). */
export function touch(index: LruIndex, key: string, now: number): LruIndex {
  const entry = index.entries[key];
  if (!entry) return index;
  return { ...index, entries: { ...index.entries, [key]: { ...entry, usedAt: now } } };
}

/**
 * `key` of `bytes` was stored at `now` (replacing an earlier copy). Answers the new index and the
 * keys to delete from the cache so that it holds at most `budget` bytes; the new entry itself is
 * dropped only when it alone is over the budget.
 */
export function add(index: LruIndex, key: string, bytes: number, now: number, budget: number): { index: LruIndex; evict: string[] } {
  const entries = { ...index.entries };
  let total = index.bytes - (entries[key]?.bytes ?? 0) + bytes;
  entries[key] = { key, bytes, usedAt: now };
  const evict: string[] = [];
  if (total > budget) {
    const oldest = Object.values(entries).sort((a, b) => a.usedAt - b.usedAt || (a.key < b.key ? -1 : 1));
    for (const entry of oldest) {
      if (total <= budget) break;
      if (entry.key === key && bytes <= budget) continue;
      delete entries[entry.key];
      total -= entry.bytes;
      evict.push(entry.key);
    }
  }
  return { index: { entries, bytes: total }, evict };
}

/** `key` is no longer cached. */
export function remove(index: LruIndex, key: string): LruIndex {
  const entry = index.entries[key];
  if (!entry) return index;
  const entries = { ...index.entries };
  delete entries[key];
  return { entries, bytes: index.bytes - entry.bytes };
}

/** An index read back from storage: anything malformed is forgotten (the cache is only a cache). */
export function parseIndex(value: unknown): LruIndex {
  if (typeof value !== 'object' || value === null) return emptyIndex();
  const raw = (value as { entries?: unknown }).entries;
  if (typeof raw !== 'object' || raw === null) return emptyIndex();
  const entries: Record<string, LruEntry> = {};
  let bytes = 0;
  for (const [key, entry] of Object.entries(raw as Record<string, unknown>)) {
    const { bytes: size, usedAt } = (entry ?? {}) as Partial<LruEntry>;
    if (typeof size !== 'number' || typeof usedAt !== 'number' || !(size >= 0)) continue;
    entries[key] = { key, bytes: size, usedAt };
    bytes += size;
  }
  return { entries, bytes };
}
