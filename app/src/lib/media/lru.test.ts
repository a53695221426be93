import { describe, expect, it } from 'vitest';
import { add, emptyIndex, parseIndex, remove, touch } from './lru.ts';

const MB = 1_000_000;

describe('the thumbnail cache index', () => {
  it('keeps adding while within the budget', () => {
    let { index, evict } = add(emptyIndex(), 'a', 40 * MB, 1, 100 * MB);
    expect(evict).toEqual([]);
    ({ index, evict } = add(index, 'b', 50 * MB, 2, 100 * MB));
    expect(evict).toEqual([]);
    expect(index.bytes).toBe(90 * MB);
  });

  it('evicts the least recently used first when over the budget', () => {
    let { index } = add(emptyIndex(), 'a', 40 * MB, 1, 100 * MB);
    ({ index } = add(index, 'b', 40 * MB, 2, 100 * MB));
    index = touch(index, 'a', 3);
    const result = add(index, 'c', 40 * MB, 4, 100 * MB);
    expect(result.evict).toEqual(['b']);
    expect(Object.keys(result.index.entries).sort()).toEqual(['a', 'c']);
    expect(result.index.bytes).toBe(80 * MB);
  });

  it('evicts as many as it takes', () => {
    let index = emptyIndex();
    for (let n = 0; n < 10; n++) index = add(index, `k${n}`, 10 * MB, n, 100 * MB).index;
    const result = add(index, 'big', 35 * MB, 20, 100 * MB);
    expect(result.evict).toEqual(['k0', 'k1', 'k2', 'k3']);
    expect(result.index.bytes).toBe(95 * MB);
  });

  it('replaces an entry stored again without counting it twice', () => {
    let { index } = add(emptyIndex(), 'a', 10 * MB, 1, 100 * MB);
    ({ index } = add(index, 'a', 20 * MB, 2, 100 * MB));
    expect(index.bytes).toBe(20 * MB);
  });

  it('drops an entry that alone is over the budget', () => {
    const result = add(emptyIndex(), 'huge', 150 * MB, 1, 100 * MB);
    expect(result.evict).toEqual(['huge']);
    expect(result.index.bytes).toBe(0);
  });

  it('forgets removed entries, and ignores touches of unknown ones', () => {
    const { index } = add(emptyIndex(), 'a', 10, 1, 100);
    expect(remove(index, 'a')).toEqual({ entries: {}, bytes: 0 });
    expect(touch(index, 'nope', 5)).toBe(index);
  });

  it('reads back a stored index, skipping what is malformed', () => {
    const stored = JSON.parse(JSON.stringify(add(emptyIndex(), 'a', 10, 1, 100).index));
    stored.entries.bad = { bytes: 'x' };
    expect(parseIndex(stored)).toEqual({ entries: { a: { key: 'a', bytes: 10, usedAt: 1 } }, bytes: 10 });
    expect(parseIndex(null)).toEqual(emptyIndex());
  });
});
