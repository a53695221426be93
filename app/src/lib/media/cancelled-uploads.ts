// Media ids of uploads this device cancelled after their message named them: the relay only knows
// them as never finished, so the sender's own screens say "cancelled" instead of waiting, also
// after a reload (the newest 200, in localStorage).
import { z } from 'zod';
import { readJson, writeJson } from '../storage/local-json.ts';

const KEY = 'parley:media-cancelled';
const KEEP = 200;

export function markCancelled(ids: readonly string[]): void {
  const known = readJson(KEY, z.array(z.string()), [] as string[]);
  writeJson(KEY, [...known.filter((id) => !ids.includes(id)), ...ids].slice(-KEEP));
}

export function wasCancelled(id: string): boolean {
  return readJson(KEY, z.array(z.string()), [] as string[]).includes(id);
}
