// Fastify's own per-request log lines, at the level they deserve: every request at debug (two
// lines, joined by reqId), a 5xx response at warn and a failure at error. Fastify writes both
// lines at info, which made them nearly all of what a relay printed.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

function outcome(request: FastifyRequest, reply: FastifyReply) {
  return { method: request.method, url: request.url, statusCode: reply.statusCode, responseTime: reply.elapsedTime };
}

export class RequestLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ ...outcome(request, reply), err: error }, 'request errored');
    else if (reply.statusCode >= 500) reply.log.warn(outcome(request, reply), 'request completed');
    else reply.log.debug(outcome(request, reply), 'request completed');
  }

  /** Errors no handler of ours answered: a server fault is logged, a client's mistake (4xx) is its own. */
  override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    if (reply.statusCode >= 500) reply.log.error({ ...outcome(request, reply), err: error }, error.message);
    else reply.log.debug({ ...outcome(request, reply), err: error }, error.message);
  }

  override routeNotFound(request: FastifyRequest): void {
    request.log.debug({ method: request.method, url: request.url }, 'route not found');
  }

  /** A client that went away mid-response is routine; a stream that broke otherwise is not. */
  override streamError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    if ((error as NodeJS.ErrnoException).code === 'ERR_STREAM_PREMATURE_CLOSE')
      reply.log.debug(outcome(request, reply), 'stream closed prematurely');
    else reply.log.warn({ ...outcome(request, reply), err: error }, 'response terminated with an error with headers already sent');
  }
}
