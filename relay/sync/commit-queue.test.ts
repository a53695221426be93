import { describe, expect, it } from 'vitest';
import type { AppendEntry, UpdateStore } from '../../persistence/update-store.ts';
import { CommitQueue, type CommitResult, type PendingUpdate } from './commit-queue.ts';

function fakeStore(append: (entries: readonly AppendEntry[]) => Promise<Map<string, number>>): UpdateStore {
  const unused = () => Promise.reject(new Error('not used'));
  return { append, load: unused, compact: unused, ping: unused, close: unused };
}

const data = (n: number) => new Uint8Array([n]);

describe('CommitQueue', () => {
  it('R-ACK-4: updates enqueued in the same turn are committed in one append', async () => {
    const calls: number[] = [];
    const committed: CommitResult<string>[] = [];
    const queue = new CommitQueue<string>({
      store: fakeStore(async (entries) => {
        calls.push(entries.length);
        return new Map([['d', entries.length]]);
      }),
      onCommitted: (result) => committed.push(result),
      onFailed: () => expect.fail('no failure expected'),
    });
    for (let i = 0; i < 5; i++) queue.enqueue({ doc: 'd', lane: 'd', data: data(i), owner: `c${i}` });
    await queue.drain();
    expect(calls).toEqual([5]);
    expect(committed[0]!.entries.map((e) => e.owner)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
  });

  it('R-ACK-5: updates arriving during a commit go together into the next one, in order', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const firstGate = new Promise<void>((resolve) => (release = resolve));
    const queue = new CommitQueue<number>({
      store: fakeStore(async (entries) => {
        batches.push(entries.map((e) => e.data[0]!));
        if (batches.length === 1) await firstGate;
        return new Map();
      }),
      onCommitted: () => undefined,
      onFailed: () => expect.fail('no failure expected'),
    });
    queue.enqueue({ doc: 'd', lane: 'd', data: data(1), owner: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 2; i <= 4; i++) queue.enqueue({ doc: 'd', lane: 'd', data: data(i), owner: i });
    release();
    await queue.drain();
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('R-ACK-6: frames without data take part in ordering but store no row', async () => {
    const stored: number[] = [];
    const owners: string[] = [];
    const queue = new CommitQueue<string>({
      store: fakeStore(async (entries) => {
        stored.push(entries.length);
        return new Map();
      }),
      onCommitted: (result) => owners.push(...result.entries.map((e) => e.owner)),
      onFailed: () => expect.fail('no failure expected'),
    });
    queue.enqueue({ doc: 'd', lane: 'd', data: null, owner: 'empty' });
    queue.enqueue({ doc: 'd', lane: 'd', data: data(1), owner: 'full' });
    await queue.drain();
    expect(stored).toEqual([1]);
    expect(owners).toEqual(['empty', 'full']);
  });

  it('R-ACK-7: a failed commit reports every entry of its batch and the queue keeps going', async () => {
    const failed: PendingUpdate<string>[] = [];
    let attempt = 0;
    const committed: string[] = [];
    const queue = new CommitQueue<string>({
      store: fakeStore(async () => {
        if (attempt++ === 0) throw new Error('disk full');
        return new Map();
      }),
      onCommitted: (result) => committed.push(...result.entries.map((e) => e.owner)),
      onFailed: (entries) => failed.push(...entries),
    });
    queue.enqueue({ doc: 'd', lane: 'd', data: data(1), owner: 'a' });
    queue.enqueue({ doc: 'd', lane: 'd', data: data(2), owner: 'b' });
    await queue.drain();
    queue.enqueue({ doc: 'd', lane: 'd', data: data(3), owner: 'c' });
    await queue.drain();
    expect(failed.map((e) => e.owner)).toEqual(['a', 'b']);
    expect(committed).toEqual(['c']);
  });

  it('R-ACK-8: a batch is capped by size and the rest follows in the next transaction', async () => {
    const batches: number[] = [];
    const queue = new CommitQueue<number>({
      store: fakeStore(async (entries) => {
        batches.push(entries.length);
        return new Map();
      }),
      onCommitted: () => undefined,
      onFailed: () => expect.fail('no failure expected'),
      maxBatchBytes: 2048,
    });
    for (let i = 0; i < 5; i++) queue.enqueue({ doc: 'd', lane: 'd', data: new Uint8Array(1000), owner: i });
    await queue.drain();
    expect(batches).toEqual([2, 2, 1]);
  });

  it("R-ACK-11: lanes take turns, so a sender's backlog does not hold back another lane's update", async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const firstGate = new Promise<void>((resolve) => (release = resolve));
    const queue = new CommitQueue<string>({
      store: fakeStore(async () => {
        if (batches.length === 0) await firstGate;
        return new Map();
      }),
      onCommitted: ({ entries }) => batches.push(entries.map((e) => `${e.lane}${e.data![0]}`)),
      onFailed: () => expect.fail('no failure expected'),
      maxBatchBytes: 3,
    });
    queue.enqueue({ doc: 'd', lane: 'f', data: data(0), owner: 'flood' });
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 1; i <= 8; i++) queue.enqueue({ doc: 'd', lane: 'f', data: data(i), owner: 'flood' });
    queue.enqueue({ doc: 'e', lane: 'b', data: data(0), owner: 'bystander' });
    queue.enqueue({ doc: 'd', lane: 'v', data: data(0), owner: 'victim' });
    queue.enqueue({ doc: 'd', lane: 'v', data: data(1), owner: 'victim' });
    release();
    await queue.drain();
    expect(batches[0]).toEqual(['f0']);
    // The commit after the running one holds one entry of every lane, the flood's first.
    expect(batches[1]).toEqual(['f1', 'b0', 'v0']);
    expect(batches.flat().filter((e) => e.startsWith('f'))).toEqual(['f0', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8']);
    expect(batches.flat().filter((e) => e.startsWith('v'))).toEqual(['v0', 'v1']);
    expect(batches[2]).toEqual(['f2', 'v1', 'f3']);
  });
});

describe('CommitQueue with a commit window', () => {
  it('R-ACK-9: commits start at most once per window and collect what arrived meanwhile', async () => {
    const starts: number[] = [];
    const sizes: number[] = [];
    const queue = new CommitQueue<number>({
      store: fakeStore(async (entries) => {
        starts.push(performance.now());
        sizes.push(entries.length);
        return new Map();
      }),
      onCommitted: () => undefined,
      onFailed: () => expect.fail('no failure expected'),
      windowMs: 50,
    });
    queue.enqueue({ doc: 'd', lane: 'd', data: data(0), owner: 0 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (let i = 1; i <= 3; i++) queue.enqueue({ doc: 'd', lane: 'd', data: data(i), owner: i });
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(sizes).toEqual([1, 3]);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(49);
  });

  it('R-ACK-10: drain commits at once without waiting for the window', async () => {
    const sizes: number[] = [];
    const queue = new CommitQueue<number>({
      store: fakeStore(async (entries) => {
        sizes.push(entries.length);
        return new Map();
      }),
      onCommitted: () => undefined,
      onFailed: () => expect.fail('no failure expected'),
      windowMs: 60_000,
    });
    queue.enqueue({ doc: 'd', lane: 'd', data: data(0), owner: 0 });
    await queue.drain();
    queue.enqueue({ doc: 'd', lane: 'd', data: data(1), owner: 1 });
    await queue.drain();
    expect(sizes).toEqual([1, 1]);
  });
});
