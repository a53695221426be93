// The HTTP face of the relay: health checks, the JSON API, media files for signed URLs, the
// built app, and the WebSocket upgrade for /sync.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { UpdateStore } from '../../persistence/update-store.ts';
import { SYNC_PATH } from '../../protocol/sync-messages.ts';
import type { SyncService } from '../sync/sync-service.ts';
import type { ApiDeps } from './api/deps.ts';
import { apiPlugin } from './api/plugin.ts';
import type { MediaService } from '../media/media-service.ts';
import type { MediaStore } from '../media/media-store.ts';
import { mediaFiles } from './media-files.ts';
import { RequestLog } from './request-log.ts';

export interface HttpOptions {
  log: Logger;
  store: UpdateStore;
  sync: SyncService;
  staticDir: string;
  api: ApiDeps;
  /** Take client IPs from X-Forwarded-For (behind a reverse proxy). */
  trustProxy: boolean;
  /** The signed-URL file route: media variants for <img> and <video>. */
  mediaFiles: { media: MediaService; store: MediaStore; cacheSeconds: number };
}

export async function createHttpServer({
  log,
  store,
  sync,
  staticDir,
  api,
  trustProxy,
  mediaFiles: files,
}: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: log as FastifyBaseLogger, logController: new RequestLog(), trustProxy });

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await store.ping();
      return { status: 'ready', connections: sync.connectionCount, docs: sync.rooms.loadedCount };
    } catch (error) {
      reply.log.error({ err: error }, 'database unreachable');
      return reply.code(503).send({ status: 'unavailable', error: 'database_unreachable', message: 'The database cannot be reached' });
    }
  });

  await app.register(apiPlugin, { prefix: '/api', ...api });
  mediaFiles(app, files.media, files.store, files.cacheSeconds);

  const root = resolve(staticDir);
  if (existsSync(resolve(root, 'index.html'))) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      // The build writes .br and .gz next to each file; the one the browser accepts is sent.
      preCompressed: true,
      cacheControl: false,
      setHeaders(res, path) {
        // Hashed build output never changes under the same name; everything else must revalidate.
        const immutable = path.includes(`${'/_app/immutable/'}`);
        res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        // The body depends on Accept-Encoding (precompressed copies): caches in between must key on it.
        res.setHeader('Vary', 'Accept-Encoding');
      },
    });
    app.setNotFoundHandler((request, reply) => {
      const isPageRequest =
        (request.method === 'GET' || request.method === 'HEAD') &&
        !request.url.startsWith('/sync') &&
        !request.url.startsWith('/media/') &&
        !/\.[a-z0-9]+(\?|$)/i.test(request.url);
      if (!isPageRequest) return reply.code(404).send({ error: 'not_found', message: `No route for ${request.method} ${request.url}` });
      // SPA fallback: client-side routes are served the app shell.
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
    });
  } else {
    log.warn({ staticDir: root }, 'no built app found; run `npm run build` to serve the web app');
  }

  app.server.on('upgrade', (request, socket, head) => {
    const path = (request.url ?? '').split('?')[0] ?? '';
    if (!path.startsWith(`${SYNC_PATH}/`)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    sync.handleUpgrade(request, socket, head);
  });

  return app;
}
