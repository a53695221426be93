import { beforeEach, describe, expect, it } from 'vitest';
import { markCancelled, wasCancelled } from './cancelled-uploads.ts';

const store = new Map<string, string>();
beforeEach(() => {
  store.clear();
  Object.assign(globalThis, {
    localStorage: { getItem: (key: string) => store.get(key) ?? null, setItem: (key: string, value: string) => void store.set(key, value) },
  });
});

describe('cancelled uploads', () => {
  it('are remembered, the newest 200', () => {
    markCancelled(['m1', 'm2']);
    expect(wasCancelled('m1')).toBe(true);
    expect(wasCancelled('m3')).toBe(false);
    markCancelled(Array.from({ length: 200 }, (_, n) => `x${n}`));
    expect(wasCancelled('m2')).toBe(false);
    expect(wasCancelled('x199')).toBe(true);
  });
});
