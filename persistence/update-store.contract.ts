// The behaviour every UpdateStore implementation must have; run against each backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdateStore } from './update-store.ts';

const bytes = (...values: number[]) => new Uint8Array(values);

export function updateStoreContract(name: string, open: () => Promise<{ store: UpdateStore; cleanup(): Promise<void> }>): void {
  describe(`UpdateStore contract: ${name}`, () => {
    // One database per suite (PGlite takes seconds to create); each test uses its own documents.
    let opened: { store: UpdateStore; cleanup(): Promise<void> };
    let testNo = 0;
    beforeAll(async () => {
      opened = await open();
    });
    afterAll(async () => {
      await opened.store.close();
      await opened.cleanup();
    });
    const withStore = (fn: (store: UpdateStore, doc: (name: string) => string) => Promise<void>) => async () => {
      const prefix = `t${++testNo}-`;
      await fn(opened.store, (name) => prefix + name);
    };

    it(
      'R-STORE-1: an unknown document loads empty at seq 0',
      withStore(async (store, doc) => {
        expect(await store.load(doc('nothing'))).toEqual({ updates: [], headSeq: 0, updatesSinceSnapshot: 0, bytesSinceSnapshot: 0 });
      }),
    );

    it(
      'R-STORE-2: appended updates load back in order with per-document seqs',
      withStore(async (store, doc) => {
        const heads = await store.append([
          { doc: doc('a'), data: bytes(1) },
          { doc: doc('b'), data: bytes(10) },
          { doc: doc('a'), data: bytes(2) },
        ]);
        expect(Object.fromEntries(heads)).toEqual({ [doc('a')]: 2, [doc('b')]: 1 });
        expect(Object.fromEntries(await store.append([{ doc: doc('a'), data: bytes(3) }]))).toEqual({ [doc('a')]: 3 });
        const a = await store.load(doc('a'));
        expect(a.updates.map((u) => [...u])).toEqual([[1], [2], [3]]);
        expect(a.headSeq).toBe(3);
        expect(a.updatesSinceSnapshot).toBe(3);
        expect(a.bytesSinceSnapshot).toBe(3);
        expect((await store.load(doc('b'))).updates.map((u) => [...u])).toEqual([[10]]);
      }),
    );

    it(
      'R-STORE-3: an empty batch stores nothing',
      withStore(async (store) => {
        expect((await store.append([])).size).toBe(0);
      }),
    );

    it(
      'R-STORE-4: compaction replaces covered updates by the snapshot and keeps later ones',
      withStore(async (store, doc) => {
        await store.append([
          { doc: doc('a'), data: bytes(1) },
          { doc: doc('a'), data: bytes(2) },
        ]);
        await store.append([{ doc: doc('a'), data: bytes(3) }]);
        expect(await store.compact(doc('a'), bytes(9, 9), 2)).toBe(true);
        const loaded = await store.load(doc('a'));
        expect(loaded.updates.map((u) => [...u])).toEqual([[9, 9], [3]]);
        expect(loaded.headSeq).toBe(3);
        expect(loaded.updatesSinceSnapshot).toBe(1);
      }),
    );

    it(
      'R-STORE-5: an older snapshot never overwrites a newer one',
      withStore(async (store, doc) => {
        await store.append([
          { doc: doc('a'), data: bytes(1) },
          { doc: doc('a'), data: bytes(2) },
          { doc: doc('a'), data: bytes(3) },
        ]);
        await store.compact(doc('a'), bytes(7), 3);
        await store.compact(doc('a'), bytes(5), 2);
        expect((await store.load(doc('a'))).updates.map((u) => [...u])).toEqual([[7]]);
      }),
    );

    it(
      'R-STORE-6: updates appended while a compaction runs are kept',
      withStore(async (store, doc) => {
        await store.append([
          { doc: doc('a'), data: bytes(1) },
          { doc: doc('a'), data: bytes(2) },
        ]);
        const [compacted] = await Promise.all([
          store.compact(doc('a'), bytes(8), 2),
          store.append([{ doc: doc('a'), data: bytes(3) }]),
          store.append([{ doc: doc('a'), data: bytes(4) }]),
        ]);
        expect(compacted).toBe(true);
        const loaded = await store.load(doc('a'));
        // The two concurrent appends may commit in either order; both follow the snapshot.
        const [snapshot, ...rest] = loaded.updates.map((u) => u[0]);
        expect(snapshot).toBe(8);
        expect(rest.sort()).toEqual([3, 4]);
        expect(loaded.headSeq).toBe(4);
      }),
    );

    it(
      'R-STORE-7: concurrent batches never reuse a seq',
      withStore(async (store, doc) => {
        const batches = Array.from({ length: 20 }, (_, i) =>
          store.append([
            { doc: doc('hot'), data: bytes(i) },
            { doc: doc('hot'), data: bytes(i) },
          ]),
        );
        await Promise.all(batches);
        const loaded = await store.load(doc('hot'));
        expect(loaded.updates).toHaveLength(40);
        expect(loaded.headSeq).toBe(40);
      }),
    );

    it(
      'R-STORE-8: binary data round-trips byte for byte',
      withStore(async (store, doc) => {
        const data = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
        await store.append([{ doc: doc('bin'), data }]);
        const [loaded] = (await store.load(doc('bin'))).updates;
        expect(Buffer.from(loaded!).equals(Buffer.from(data))).toBe(true);
      }),
    );

    it(
      'R-STORE-9: ping succeeds on an open store',
      withStore(async (store) => {
        await expect(store.ping()).resolves.toBeUndefined();
      }),
    );
  });
}
