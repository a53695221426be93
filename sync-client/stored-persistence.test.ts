import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { decodeRecord, mergeStateVectors, rememberStored, STORED_KEY } from './stored-persistence.ts';
import { StoredTracker } from './stored-tracker.ts';

let names = 0;

/** One session of a device: the document's IndexedDB copy, its tracker, and what it remembers. */
async function session(name: string) {
  const doc = new Y.Doc();
  const persistence = new IndexeddbPersistence(name, doc);
  await persistence.whenSynced;
  const tracker = new StoredTracker(doc);
  const remembered = await rememberStored(persistence, tracker);
  return {
    doc,
    tracker,
    persistence,
    async close() {
      await remembered.close();
      await persistence.destroy();
    },
  };
}

describe('remembered stored state', () => {
  it('merges state vectors to the larger clock of each client', () => {
    const merged = mergeStateVectors(
      new Map([
        [1, 5],
        [2, 3],
      ]),
      new Map([
        [2, 7],
        [3, 1],
      ]),
    );
    expect([...merged].sort()).toEqual([
      [1, 5],
      [2, 7],
      [3, 1],
    ]);
  });

  it('reads a missing or unreadable record as nothing stored', () => {
    expect(decodeRecord(undefined).size).toBe(0);
    expect(decodeRecord('not a vector').size).toBe(0);
    expect(decodeRecord(new Uint8Array([0xff, 0xff])).size).toBe(0);
    expect([...decodeRecord(Y.encodeStateVector(new Map([[9, 4]])))]).toEqual([[9, 4]]);
  });

  it('a later session of the device knows what the relay stored in an earlier one, and no more', async () => {
    const name = `doc-${names++}`;
    const first = await session(name);
    first.doc.getMap('m').set('a', 1);
    first.doc.getMap('m').set('b', 2);
    // The relay stored the first write (clock 0), not the second.
    first.tracker.restore(new Map([[first.doc.clientID, 1]]));
    await first.close();

    const second = await session(name);
    expect(second.doc.getMap('m').get('b')).toBe(2);
    expect(second.tracker.isStored({ client: first.doc.clientID, clock: 0 })).toBe(true);
    expect(second.tracker.isStored({ client: first.doc.clientID, clock: 1 })).toBe(false);
    await second.close();
  });

  it('two tabs of the same document keep what each learnt', async () => {
    const name = `doc-${names++}`;
    const [one, two] = await Promise.all([session(name), session(name)]);
    one.tracker.restore(new Map([[1, 4]]));
    two.tracker.restore(new Map([[2, 6]]));
    one.tracker.restore(new Map([[1, 5]]));
    await Promise.all([one.close(), two.close()]);

    const later = await session(name);
    expect([...later.tracker.storedStateVector].sort()).toEqual([
      [1, 5],
      [2, 6],
    ]);
    await later.close();
  });

  it('writes the record in the custom store under its key', async () => {
    const name = `doc-${names++}`;
    const tab = await session(name);
    tab.tracker.restore(new Map([[7, 3]]));
    await tab.close();
    const reader = new IndexeddbPersistence(name, new Y.Doc());
    await reader.whenSynced;
    expect([...decodeRecord(await reader.get(STORED_KEY))]).toEqual([[7, 3]]);
    await reader.destroy();
  });
});
