// Display order: by HLC string, then id. Both are fixed when a message is created and every
// replica compares them the same way, so the order is total and a shown message never moves
// relative to another; a late (offline) message slots in where its clock puts it.
import { compareStrings } from './schema.ts';

export interface Ordered {
  readonly hlc: string;
  readonly id: string;
}

export function compareMessages(a: Ordered, b: Ordered): number {
  return compareStrings(a.hlc, b.hlc) || compareStrings(a.id, b.id);
}

/** Merges message lists (say, from several segment documents) into one display order. */
export function mergeOrdered<T extends Ordered>(...lists: readonly (readonly T[])[]): T[] {
  return lists.flat().sort(compareMessages);
}
