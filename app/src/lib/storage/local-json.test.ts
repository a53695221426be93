import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJson, writeJson } from './local-json.ts';

const ids = z.array(z.number());

describe('local JSON', () => {
  beforeEach(() => {
    const items = new Map<string, string>();
    globalThis.localStorage = {
      getItem: (key) => items.get(key) ?? null,
      setItem: (key, value) => void items.set(key, value),
      removeItem: (key) => void items.delete(key),
      clear: () => items.clear(),
      key: (index) => [...items.keys()][index] ?? null,
      get length() {
        return items.size;
      },
    };
  });
  afterEach(() => {
    Reflect.deleteProperty(globalThis, 'localStorage');
  });

  it('reads back what it wrote, as the schema reads it', () => {
    writeJson('parley:test', [1, 2]);
    expect(readJson('parley:test', ids, [])).toEqual([1, 2]);
  });

  it('a missing key, text that is not JSON, or a value the schema refuses read as the fallback', () => {
    expect(readJson('parley:none', ids, null)).toBeNull();
    localStorage.setItem('parley:test', '{not json');
    expect(readJson('parley:test', ids, [])).toEqual([]);
    writeJson('parley:test', ['1']);
    expect(readJson('parley:test', ids, [])).toEqual([]);
  });
});
