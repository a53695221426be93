// Test-only helpers shared by the model's tests: documents with fixed clientIDs and syncing.
import * as Y from 'yjs';
import { bindClients } from './authors.ts';
import type { Hlc } from './hlc.ts';
import { messageId } from './ids.ts';
import { isEmoji } from './validation.ts';

/** A document with a fixed clientID, bound to `userId` when one is given. */
export function docFor(clientID: number, userId?: string): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  if (userId !== undefined) bindClients(doc, [clientID], userId);
  return doc;
}

/** The send stamp for a message from `doc` at wall time `wallMs`. */
export function stampAt(doc: Y.Doc, wallMs: number, counter = 0): { hlc: Hlc; id: string } {
  const hlc = { wallMs, counter, node: doc.clientID.toString(36) };
  return { hlc, id: messageId(hlc, doc.clientID) };
}

/** Brings every document up to date with every other. */
export function syncAll(docs: readonly Y.Doc[]): void {
  const updates = docs.map((doc) => Y.encodeStateAsUpdate(doc));
  for (const doc of docs) for (const update of updates) Y.applyUpdate(doc, update);
}

/** Hundreds of distinct single emoji (U+1F300…U+1F5FF that the model accepts), for many reactions. */
export const MANY_EMOJI: readonly string[] = Array.from({ length: 0x300 }, (_, i) => String.fromCodePoint(0x1f300 + i)).filter(isEmoji);

export const noUsers = (): string | undefined => undefined;
