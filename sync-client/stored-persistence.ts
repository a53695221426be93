// What the relay stored of a document, remembered across reloads: the stored tracker's state
// vector, kept in the document's own y-indexeddb database (its `custom` store), so a reload
// offline still tells sent messages from pending ones, and deleting the copy deletes it too.
import type { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import type { StoredTracker } from './stored-tracker.ts';

/** y-indexeddb's store for what is not the document's updates. */
const CUSTOM_STORE = 'custom';
export const STORED_KEY = 'stored';

export interface RememberedStored {
  /** Stops remembering once what is being written is written. */
  close(): Promise<void>;
}

/** Per client, the larger of the two clocks: both are stored content, so both hold. */
export function mergeStateVectors(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): Map<number, number> {
  const merged = new Map(a);
  for (const [client, clock] of b) if (clock > (merged.get(client) ?? 0)) merged.set(client, clock);
  return merged;
}

/** The state vector a record holds; an empty one for none or for one that cannot be read. */
export function decodeRecord(value: unknown): Map<number, number> {
  if (!(value instanceof Uint8Array)) return new Map();
  try {
    return Y.decodeStateVector(value);
  } catch {
    return new Map();
  }
}

/**
 * Gives `tracker` what earlier sessions learnt, then writes whatever it learns next. Call after
 * `persistence.whenSynced`, before anything reads the tracker.
 */
export async function rememberStored(persistence: IndexeddbPersistence, tracker: StoredTracker): Promise<RememberedStored> {
  const db = persistence.db;
  if (!db) throw new Error('The IndexedDB copy is not open yet');
  tracker.restore(decodeRecord(await persistence.get(STORED_KEY)));

  // One write at a time, each of what the tracker knows by then: a burst of acks writes twice at most.
  let writing: Promise<void> = Promise.resolve();
  let queued = false;
  const unsubscribe = tracker.onChange(() => {
    if (queued) return;
    queued = true;
    writing = writing.then(() => {
      queued = false;
      // A lost write only means a message shows pending after a reload until the relay answers.
      return mergeRecord(db, tracker.storedStateVector).catch(() => {});
    });
  });
  return {
    async close() {
      unsubscribe();
      await writing;
    },
  };
}

/**
 * Merges `vector` into the record in one transaction: another tab of the same document writes its
 * own acks there, and a plain put of either would drop what the other learnt.
 */
function mergeRecord(db: IDBDatabase, vector: ReadonlyMap<number, number>): Promise<void> {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction([CUSTOM_STORE], 'readwrite');
    const store = transaction.objectStore(CUSTOM_STORE);
    const read = store.get(STORED_KEY);
    read.onsuccess = () => {
      store.put(Y.encodeStateVector(mergeStateVectors(decodeRecord(read.result), vector)), STORED_KEY);
    };
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB write failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB write aborted'));
  });
}
