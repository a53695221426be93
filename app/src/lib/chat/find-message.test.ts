import { describe, expect, it } from 'vitest';
import { loadUntilFound, type OlderPages } from './find-message.ts';

/** A conversation of `segments` pages of ids, newest page loaded first. */
function fakePages(segments: string[][]): OlderPages<{ id: string }> & { loads: number } {
  let loaded = 1;
  return {
    loads: 0,
    get messages() {
      return segments
        .slice(-loaded)
        .flat()
        .map((id) => ({ id }));
    },
    get hasOlder() {
      return loaded < segments.length;
    },
    async loadOlder() {
      this.loads++;
      loaded++;
      return segments.at(-loaded)?.length ?? 0;
    },
  };
}

describe('loadUntilFound', () => {
  it('finds a message already loaded without loading anything', async () => {
    const pages = fakePages([['a'], ['b', 'c']]);
    expect(await loadUntilFound(pages, 'c')).toEqual({ id: 'c' });
    expect(pages.loads).toBe(0);
  });

  it('loads older pages until the message is among them, and no further', async () => {
    const pages = fakePages([['a'], ['b'], ['c'], ['d']]);
    expect(await loadUntilFound(pages, 'b')).toEqual({ id: 'b' });
    expect(pages.loads).toBe(2);
  });

  it('goes past an older page with no messages', async () => {
    const pages = fakePages([['a'], [], ['d']]);
    expect(await loadUntilFound(pages, 'a')).toEqual({ id: 'a' });
  });

  it('resolves to undefined once nothing older is left, for a message no page has', async () => {
    const pages = fakePages([['a'], ['b']]);
    expect(await loadUntilFound(pages, 'gone')).toBeUndefined();
    expect(pages.loads).toBe(1);
  });
});
