// The service worker's cache of media thumbnails, so what was seen stays visible offline. Signed
// URLs differ every time they are asked for, so entries are keyed by media id and variant; only
// thumbnails are kept (never originals, so never a video), within a byte budget, least recently
// used first out. The index of sizes and use times is kept in the cache itself.
import { add, emptyIndex, parseIndex, touch, type LruIndex } from './lru.ts';

export const THUMBNAIL_CACHE = 'parley-media';
/** About 200 MB of thumbnails: thousands of photos. */
export const THUMBNAIL_BUDGET = 200 * 1024 * 1024;

const PATH = /^\/media\/(m[0-9a-z]{16})\/(thumb-320|thumb-1280)$/;
const INDEX_KEY = '/media-cache/index.json';

/** The cache key of a thumbnail request, or undefined when the request is not for one. */
export function thumbnailKey(url: URL): string | undefined {
  const match = PATH.exec(url.pathname);
  return match ? `/media-cache/${match[1]}/${match[2]}` : undefined;
}

export class ThumbnailCache {
  #index: Promise<LruIndex> | null = null;
  /** Index updates one after another, so none is lost. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly caches: CacheStorage,
    readonly budget = THUMBNAIL_BUDGET,
    readonly now: () => number = Date.now,
  ) {}

  /** From the cache when it holds the thumbnail, else from the network (and kept when it came). */
  async respond(request: Request, key: string, fetcher: (request: Request) => Promise<Response>): Promise<Response> {
    const cache = await this.caches.open(THUMBNAIL_CACHE);
    const cached = await cache.match(key);
    if (cached) {
      this.#update((index) => touch(index, key, this.now()));
      return cached;
    }
    const response = await fetcher(request);
    if (response.status !== 200 || !response.headers.get('content-type')?.startsWith('image/')) return response;
    const body = await response.clone().blob();
    await cache.put(key, new Response(body, { headers: { 'content-type': response.headers.get('content-type') ?? 'image/webp' } }));
    this.#update((index) => {
      const result = add(index, key, body.size, this.now(), this.budget);
      for (const evicted of result.evict) void cache.delete(evicted);
      return result.index;
    });
    return response;
  }

  /** Forgets everything (sign-out). */
  async clear(): Promise<void> {
    this.#index = Promise.resolve(emptyIndex());
    await this.caches.delete(THUMBNAIL_CACHE);
  }

  /** Settles once every index update so far is stored. */
  settled(): Promise<unknown> {
    return this.#queue;
  }

  #update(change: (index: LruIndex) => LruIndex): void {
    this.#queue = this.#queue
      .then(async () => {
        const cache = await this.caches.open(THUMBNAIL_CACHE);
        // No index in the cache: it was deleted (sign-out) since this worker read it.
        const index = change((await cache.match(INDEX_KEY)) ? await this.#read() : emptyIndex());
        this.#index = Promise.resolve(index);
        await cache.put(INDEX_KEY, new Response(JSON.stringify(index), { headers: { 'content-type': 'application/json' } }));
      })
      .catch(() => {});
  }

  #read(): Promise<LruIndex> {
    this.#index ??= this.caches
      .open(THUMBNAIL_CACHE)
      .then((cache) => cache.match(INDEX_KEY))
      .then(async (response) => parseIndex(response ? await response.json() : null))
      .catch(() => emptyIndex());
    return this.#index;
  }
}
