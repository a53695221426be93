// /api/media: resumable uploads (tus, handed to @tus/server as the raw request), a media item's
// state, and the signed URLs its variants are fetched with.
import type { FastifyInstance } from 'fastify';
import { routes } from '../../../protocol/http/routes.ts';
import { setUploader } from '../../media/upload-server.ts';
import type { ApiDeps, ApiInstance } from './deps.ts';
import type { Endpoint } from './endpoint.ts';
import { authenticator } from './request.ts';

const UPLOADS = '/media/uploads';

export function mediaRoutes(app: ApiInstance, { media, uploads, access }: ApiDeps, endpoint: Endpoint): void {
  app.route({
    ...endpoint(routes.media),
    handler: async (request) => media.info(request.user.userId, request.params.id),
  });

  app.route({
    ...endpoint(routes.mediaUrl),
    handler: async (request) => media.signedUrl(request.user.userId, request.params.id, request.query.variant),
  });

  const authenticate = authenticator(access);
  void app.register(async (scope: FastifyInstance) => {
    // tus sends bytes as application/offset+octet-stream: left unread here for @tus/server.
    scope.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));
    for (const url of [UPLOADS, `${UPLOADS}/*`]) {
      scope.route({
        method: ['POST', 'PATCH', 'HEAD', 'DELETE', 'OPTIONS'],
        url,
        preValidation: [authenticate],
        handler: async (request, reply) => {
          setUploader(request.raw, request.user.userId);
          reply.hijack();
          await uploads.handle(request.raw, reply.raw);
        },
      });
    }
  });
}
