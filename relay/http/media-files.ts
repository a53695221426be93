// GET /media/:id/:variant?u=&exp=&sig=: a media variant's bytes for a signed URL (no bearer
// token: <img> and <video> cannot send one), one byte range at a time for video seeking. Every
// answer is sandboxed and never sniffed, and only allow-listed images and videos are inline.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { MEDIA_ID_PATTERN } from '../../protocol/http/ids.ts';
import { ErrorCode, RelayError } from '../errors.ts';
import { byteRange } from '../media/byte-range.ts';
import type { MediaService } from '../media/media-service.ts';
import type { MediaStore } from '../media/media-store.ts';
import { contentDisposition, isVariant } from '../media/media-types.ts';
import { HTTP_STATUS } from './api/error-status.ts';

export const MEDIA_FILES_PATH = '/media';

export function mediaFiles(app: FastifyInstance, media: MediaService, store: MediaStore, cacheSeconds: number): void {
  app.route({
    method: ['GET', 'HEAD'],
    url: `${MEDIA_FILES_PATH}/:id/:variant`,
    handler: async (request, reply) => {
      setSafetyHeaders(reply);
      const { id, variant } = request.params as { id: string; variant: string };
      try {
        if (!MEDIA_ID_PATTERN.test(id) || !isVariant(variant)) throw new RelayError(ErrorCode.notFound, 'No such media');
        const file = await media.open(id, variant, request.query as Record<string, unknown>);
        const size = await store.size(id, variant);
        if (size === null) throw new RelayError(ErrorCode.notFound, 'This file is gone');
        reply
          .header('Content-Type', file.contentType)
          .header('Content-Disposition', contentDisposition(file.inline, file.name))
          .header('Accept-Ranges', 'bytes')
          // Private: the URL names one member; it expires, the bytes under it never change.
          .header('Cache-Control', `private, max-age=${cacheSeconds}, immutable`);
        const range = byteRange(request.headers.range, size);
        if (range.kind === 'unsatisfiable') return reply.code(416).header('Content-Range', `bytes */${size}`).send();
        if (range.kind === 'whole') {
          reply.header('Content-Length', size);
          return request.method === 'HEAD' ? reply.send() : reply.send(store.read(id, variant));
        }
        reply
          .code(206)
          .header('Content-Range', `bytes ${range.start}-${range.end}/${size}`)
          .header('Content-Length', range.end - range.start + 1);
        return request.method === 'HEAD' ? reply.send() : reply.send(store.read(id, variant, range));
      } catch (error) {
        const relayError = error instanceof RelayError ? error : new RelayError(ErrorCode.internal, 'The file could not be read');
        if (relayError.code === ErrorCode.internal) request.log.error({ err: error, mediaId: id }, 'media could not be served');
        return reply
          .code(HTTP_STATUS[relayError.code])
          .type('application/json')
          .send({ error: relayError.code, message: relayError.message });
      }
    },
  });
}

function setSafetyHeaders(reply: FastifyReply): void {
  reply
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', "sandbox; default-src 'none'")
    .header('Cross-Origin-Resource-Policy', 'same-origin');
}
