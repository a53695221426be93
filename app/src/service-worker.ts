/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
// Keeps the app shell on the device so Parley opens instantly and without a network. Each build
// is one cache; a new version installs next to the old one and waits until the user reloads.
// Media thumbnails seen are kept in a cache of their own, across versions (thumbnail-cache.ts).
import { build, files, version } from '$service-worker';
import { THUMBNAIL_CACHE, ThumbnailCache, thumbnailKey } from '$lib/media/thumbnail-cache';
import { SKIP_WAITING, type SkipWaitingMessage } from '$lib/pwa/messages';

const sw = self as unknown as ServiceWorkerGlobalScope;

const CACHE = `parley-${version}`;
/** The SPA's only page: the relay serves index.html for every client-side route. */
const SHELL = '/';
/** Built files and static assets: all of them change name or cache when the version changes. */
const ASSETS = new Set([...build, ...files]);
/** Answered by the relay itself, never by the app shell, and never from a cache. */
const SERVER_PATHS = ['/api/', '/sync', '/healthz', '/readyz'];
const thumbnails = new ThumbnailCache(caches);

sw.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([SHELL, ...ASSETS])));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE && key !== THUMBNAIL_CACHE).map((key) => caches.delete(key)))),
  );
});

sw.addEventListener('message', (event) => {
  if ((event.data as Partial<SkipWaitingMessage> | null)?.type === SKIP_WAITING) void sw.skipWaiting();
});

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== sw.location.origin) return;
  if (SERVER_PATHS.some((path) => url.pathname.startsWith(path))) return;
  const thumbnail = thumbnailKey(url);
  if (thumbnail) {
    event.respondWith(thumbnails.respond(request, thumbnail, (request) => fetch(request)));
    return;
  }

  // The shell first, even online: it is this version's own index.html, whose scripts are all
  // in the same cache, so the app opens at once on a bad network and offline.
  if (request.mode === 'navigate') {
    event.respondWith(fromCache(SHELL, request));
  } else if (ASSETS.has(url.pathname)) {
    event.respondWith(fromCache(url.pathname, request));
  }
});

async function fromCache(key: string, request: Request): Promise<Response> {
  const cached = await caches.match(key, { cacheName: CACHE });
  return cached ?? fetch(request);
}
