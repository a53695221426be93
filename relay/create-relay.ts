// Builds the whole relay from its configuration: database, services, sync and HTTP server. Both
// main.ts and the tests' startRelay use it, so tests run the production wiring.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { openStore } from '../persistence/open-store.ts';
import type { UpdateStore } from '../persistence/update-store.ts';
import { AccountService } from './auth/account-service.ts';
import type { HashCost } from './auth/passwords.ts';
import { loadSigningKey } from './auth/signing-keys.ts';
import { TokenService } from './auth/tokens.ts';
import type { Config } from './config.ts';
import { ConversationService } from './conversations/conversation-service.ts';
import { createAccessPolicy } from './authz/access-policy.ts';
import { openAccess } from './authz/open-access.ts';
import { createHttpServer } from './http/server.ts';
import { Compactor } from './keepers/compactor.ts';
import { InboxKeeper } from './keepers/inbox-keeper.ts';
import { PresenceNotifier } from './keepers/presence-notifier.ts';
import { SearchIndexer } from './keepers/search-indexer.ts';
import { createMedia, type Media } from './media/create-media.ts';
import { SearchService } from './search/search-service.ts';
import { ReadReceiptsKeeper } from './keepers/read-receipts-keeper.ts';
import { SegmentKeeper } from './keepers/segment-keeper.ts';
import { SyncService } from './sync/sync-service.ts';

const TOKEN_CLEANUP_INTERVAL_MS = 6 * 60 * 60_000;
/** How often the search crawler looks for segments the index is behind on (ten of them each time). */
const SEARCH_CRAWL_INTERVAL_MS = 30_000;

export interface Relay {
  app: FastifyInstance;
  store: UpdateStore;
  sync: SyncService;
  accounts: AccountService;
  conversations: ConversationService;
  /** Uploads, processing, serving and cleanup of images, videos and files. */
  media: Media;
  /** The server search index's upkeep: live after each commit, and the crawler for what is behind. */
  searchIndexer: SearchIndexer;
  /** Contacts hear who comes and goes; the demo keeps its seeding quiet with it. */
  presence: PresenceNotifier;
  tokens: TokenService;
  database: 'postgres' | 'pglite';
  /** Stops taking connections, flushes pending writes (waiting up to `timeoutMs`), closes everything. */
  close(timeoutMs: number): Promise<void>;
}

export interface RelayOptions {
  /** Wraps the update store, e.g. to hold commits back or make them fail (tests). */
  wrapStore?: (store: UpdateStore) => UpdateStore;
  /** argon2id cost for new password hashes; only tests lower it. */
  hashCost?: HashCost;
}

export async function createRelay(config: Config, log: Logger, options: RelayOptions = {}): Promise<Relay> {
  // The key first: it can fail (an unreadable file) without leaving a database open.
  const signingKey = await loadSigningKey(config, log);
  const tokens = new TokenService(config, signingKey);
  const opened = await openStore({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const store = options.wrapStore ? options.wrapStore(opened.store) : opened.store;
  const accounts = new AccountService({ db: opened.db, tokens, config, log, hashCost: options.hashCost });
  const conversations = new ConversationService(opened.db, log);
  if (config.INSECURE_NO_AUTH) log.warn('INSECURE_NO_AUTH is set: anyone can open and write any document. For benchmarks only.');
  const access = config.INSECURE_NO_AUTH
    ? openAccess
    : createAccessPolicy({
        verifyAccess: (token) => accounts.verifyAccess(token),
        roleOf: (conversation, user) => conversations.roleOf(conversation, user),
      });
  const sync = new SyncService(store, config, log, access);
  const media = createMedia(config, {
    db: opened.db,
    log,
    signingKey,
    roleOf: (conversation, user) => conversations.roleOf(conversation, user),
  });
  const searchIndexer = new SearchIndexer(opened.db, log);
  const presence = new PresenceNotifier({
    contactsOf: (userId) => conversations.contactsOf(userId),
    sendToInboxes: (userIds, frame) => sync.connections.sendToInboxes(userIds, frame),
    isOnline: (userId) => sync.isOnline(userId),
    setLastSeen: (userId, at) => accounts.setLastSeen(userId, at),
    offlineGraceMs: config.PRESENCE_OFFLINE_GRACE_MS,
    log,
  });
  // Order matters only within one event: compaction sees the commit before the keepers add theirs.
  const relayWrites = { rooms: sync.rooms, commit: sync.commits.commitAsRelay, log };
  sync.hooks.use(
    new Compactor({
      store,
      log,
      afterUpdates: config.COMPACT_AFTER_UPDATES,
      afterBytes: config.COMPACT_AFTER_BYTES,
      minIntervalMs: config.COMPACT_MIN_INTERVAL_MS,
    }),
    new SegmentKeeper(relayWrites),
    new InboxKeeper({ ...relayWrites, directory: conversations, flushMs: config.INBOX_FLUSH_MS }),
    new ReadReceiptsKeeper({ ...relayWrites, flushMs: config.INBOX_FLUSH_MS }),
    presence,
    media.keeper,
    searchIndexer,
  );
  searchIndexer.startCrawler(store, SEARCH_CRAWL_INTERVAL_MS);
  conversations.onChange((change) => sync.conversationChanged(change));
  accounts.onSessionsEnded((sessionIds) => sync.sessionsEnded(sessionIds));
  const app = await createHttpServer({
    log,
    store,
    sync,
    staticDir: config.STATIC_DIR,
    trustProxy: config.TRUST_PROXY,
    api: {
      accounts,
      conversations,
      media: media.service,
      uploads: media.uploads,
      search: new SearchService(opened.db),
      access: accounts,
      config,
      isOnline: (userId) => sync.isOnline(userId),
    },
    mediaFiles: { media: media.service, store: media.store, cacheSeconds: config.MEDIA_URL_TTL_SECONDS },
  });
  media.jobs.start();

  const cleanup = setInterval(() => {
    accounts.deleteExpiredTokens().catch((error: unknown) => log.warn({ err: error }, 'could not delete expired refresh tokens'));
  }, TOKEN_CLEANUP_INTERVAL_MS).unref();

  return {
    app,
    store,
    sync,
    accounts,
    conversations,
    media,
    presence,
    searchIndexer,
    tokens,
    database: opened.kind,
    async close(timeoutMs) {
      clearInterval(cleanup);
      await media.jobs.stop();
      await sync.shutdown(timeoutMs);
      await app.close();
      await store.close();
    },
  };
}
