// JSON values in localStorage: what the app shows offline before the relay answers. What is read
// back is checked against its schema: an older version of the app, or another tab, may have
// written something else under the key.
import type { z } from 'zod';

/** The value under `key` as `schema` reads it; `fallback` when there is none or it does not fit. */
export function readJson<S extends z.ZodType, F>(key: string, schema: S, fallback: F): z.output<S> | F {
  try {
    const raw = localStorage.getItem(key);
    if (raw === null) return fallback;
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

export function writeJson(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // A full or disabled storage only costs the offline copy.
  }
}
