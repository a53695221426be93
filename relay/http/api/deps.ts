// What the API routes are built from: the Fastify instance (with the contract's zod types) and the services.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AccountService } from '../../auth/account-service.ts';
import type { AccessVerifier } from '../../auth/tokens.ts';
import type { Config } from '../../config.ts';
import type { ConversationService } from '../../conversations/conversation-service.ts';
import type { MediaService } from '../../media/media-service.ts';
import type { SearchService } from '../../search/search-service.ts';

export interface ApiDeps {
  accounts: AccountService;
  conversations: ConversationService;
  /** Checks bearer tokens: signature, expiry, and that their session is still signed in. */
  access: AccessVerifier;
  media: MediaService;
  search: SearchService;
  /** The tus upload server (@tus/server) behind /api/media/uploads. */
  uploads: { handle(request: IncomingMessage, response: ServerResponse): Promise<void> };
  /** Whether a user has a live connection to this relay. */
  isOnline(userId: string): boolean;
  config: Pick<Config, 'PUBLIC_URL' | 'API_RATE_LIMIT_PER_MINUTE' | 'AUTH_RATE_LIMIT_PER_MINUTE'>;
}

export type ApiInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
