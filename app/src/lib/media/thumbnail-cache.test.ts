import { describe, expect, it } from 'vitest';
import { THUMBNAIL_CACHE, ThumbnailCache, thumbnailKey } from './thumbnail-cache.ts';

/** The part of the Cache API the thumbnail cache uses, in memory. */
function memoryCaches() {
  const stores = new Map<string, Map<string, Response>>();
  const open = async (name: string) => {
    let store = stores.get(name);
    if (!store) stores.set(name, (store = new Map()));
    const entries = store;
    return {
      match: async (key: string) => entries.get(key)?.clone(),
      put: async (key: string, response: Response) => void entries.set(key, response),
      delete: async (key: string) => entries.delete(key),
    };
  };
  return { caches: { open, delete: async (name: string) => stores.delete(name) } as unknown as CacheStorage, stores };
}

const thumbnail = (bytes: number) => new Response(new Uint8Array(bytes), { status: 200, headers: { 'content-type': 'image/webp' } });
const request = (id: string, variant = 'thumb-320', sig = 'a') =>
  new Request(`http://parley.test/media/${id}/${variant}?u=u1&exp=1&sig=${sig}`);
const ID = (n: number) => `m${String(n).padStart(16, '0')}`;

describe('thumbnailKey', () => {
  it('keys thumbnails by media id and variant, whatever the signature', () => {
    expect(thumbnailKey(new URL(request(ID(1)).url))).toBe(`/media-cache/${ID(1)}/thumb-320`);
    expect(thumbnailKey(new URL(request(ID(1), 'thumb-320', 'other').url))).toBe(`/media-cache/${ID(1)}/thumb-320`);
  });

  it('leaves originals (videos among them) and anything else to the network', () => {
    expect(thumbnailKey(new URL(request(ID(1), 'original').url))).toBeUndefined();
    expect(thumbnailKey(new URL('http://parley.test/api/media/x'))).toBeUndefined();
  });
});

describe('the thumbnail cache', () => {
  it('answers a thumbnail seen before from the cache, under another signature and without a network', async () => {
    const { caches } = memoryCaches();
    const cache = new ThumbnailCache(caches, 1000);
    let fetched = 0;
    const online = async () => {
      fetched += 1;
      return thumbnail(100);
    };
    const key = thumbnailKey(new URL(request(ID(1)).url))!;
    expect((await cache.respond(request(ID(1)), key, online)).status).toBe(200);
    const offline = () => Promise.reject(new TypeError('Failed to fetch'));
    const again = await cache.respond(request(ID(1), 'thumb-320', 'new'), key, offline);
    expect((await again.arrayBuffer()).byteLength).toBe(100);
    expect(fetched).toBe(1);
  });

  it('keeps within its budget, dropping the least recently used', async () => {
    const { caches, stores } = memoryCaches();
    let clock = 0;
    const cache = new ThumbnailCache(caches, 250, () => (clock += 1));
    const keyOf = (n: number) => thumbnailKey(new URL(request(ID(n)).url))!;
    for (const n of [1, 2]) await cache.respond(request(ID(n)), keyOf(n), async () => thumbnail(100));
    // 1 is used again, so 2 is the oldest when 3 comes in.
    await cache.respond(request(ID(1)), keyOf(1), () => Promise.reject(new Error('offline')));
    await cache.respond(request(ID(3)), keyOf(3), async () => thumbnail(100));
    await cache.settled();
    const held = [...stores.get(THUMBNAIL_CACHE)!.keys()].filter((key) => key !== '/media-cache/index.json').sort();
    expect(held).toEqual([keyOf(1), keyOf(3)]);
    // The index survives the worker: a new one reads it back.
    const restarted = new ThumbnailCache(caches, 250, () => (clock += 1));
    await restarted.respond(request(ID(4)), keyOf(4), async () => thumbnail(100));
    await restarted.settled();
    expect([...stores.get(THUMBNAIL_CACHE)!.keys()].filter((key) => key !== '/media-cache/index.json').sort()).toEqual([
      keyOf(3),
      keyOf(4),
    ]);
  });

  it('starts counting afresh once the cache was deleted under it (sign-out)', async () => {
    const { caches, stores } = memoryCaches();
    const cache = new ThumbnailCache(caches, 1000);
    const keyOf = (n: number) => thumbnailKey(new URL(request(ID(n)).url))!;
    for (const n of [1, 2]) await cache.respond(request(ID(n)), keyOf(n), async () => thumbnail(100));
    await cache.settled();
    await caches.delete(THUMBNAIL_CACHE);
    await cache.respond(request(ID(3)), keyOf(3), async () => thumbnail(100));
    await cache.settled();
    const index = (await stores.get(THUMBNAIL_CACHE)!.get('/media-cache/index.json')!.clone().json()) as { entries: object; bytes: number };
    expect(Object.keys(index.entries)).toEqual([keyOf(3)]);
    expect(index.bytes).toBe(100);
  });

  it('keeps nothing the relay refused', async () => {
    const { caches, stores } = memoryCaches();
    const cache = new ThumbnailCache(caches, 1000);
    const refused = await cache.respond(request(ID(5)), 'k', async () => new Response('{"error":"forbidden"}', { status: 403 }));
    expect(refused.status).toBe(403);
    expect(stores.get(THUMBNAIL_CACHE)?.has('k')).toBe(false);
  });
});
