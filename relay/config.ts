// Configuration, parsed once from the environment at start. Nothing else reads process.env.
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

const fields = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Directory of the built app (vite build output); not served when it does not exist. */
  STATIC_DIR: z.string().min(1).default('./build'),
  /** Largest WebSocket frame accepted, in bytes; bigger frames close the connection with 1009. */
  MAX_FRAME_BYTES: positiveInt.default(256 * 1024),
  /** How long a document stays in memory after its last client left. */
  EVICT_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** Documents held in memory at once; connections to further documents are refused with 1013. */
  MAX_LOADED_DOCS: positiveInt.default(10_000),
  /**
   * Minimum time between two group commits. Larger batches cost the database and the sockets
   * less (one merged frame per room and recipient per commit) for a few ms of latency.
   */
  COMMIT_WINDOW_MS: z.coerce.number().int().min(0).max(1000).default(10),
  /** Compaction folds a document's log into its snapshot beyond this many updates or bytes. */
  COMPACT_AFTER_UPDATES: positiveInt.default(500),
  COMPACT_AFTER_BYTES: positiveInt.default(1024 * 1024),
  /** A busy document is compacted at most this often: each compaction encodes the whole doc. */
  COMPACT_MIN_INTERVAL_MS: z.coerce.number().int().min(0).default(30_000),
  /** Bytes queued for one slow client before it is disconnected with 1013. */
  MAX_BUFFERED_BYTES: positiveInt.default(8 * 1024 * 1024),
  PING_INTERVAL_MS: positiveInt.default(30_000),
  /** How long SIGTERM waits for pending writes before closing anyway. */
  SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
  /**
   * Secret that signs access tokens (HS256), at least 32 characters. Unset: a random one is
   * generated on first start and kept in `DATA_DIR/jwt-secret`. Relays sharing a database
   * behind a load balancer must all be given the same JWT_SECRET.
   */
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Lifetime of an access token (a JWT sent as `Authorization: Bearer`). */
  ACCESS_TOKEN_TTL_SECONDS: positiveInt.default(15 * 60),
  /** Lifetime of a refresh token; each use replaces it with a new one. */
  REFRESH_TOKEN_TTL_SECONDS: positiveInt.default(30 * 24 * 60 * 60),
  /** The address users reach Parley at, e.g. https://chat.example.org; used in invite links. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * Set when the relay runs behind a reverse proxy: client IPs (for rate limits and login
   * backoff) are then taken from X-Forwarded-For instead of the proxy's own address.
   */
  TRUST_PROXY: z.stringbool().default(false),
  /** Requests per minute and client IP to /api as a whole. */
  API_RATE_LIMIT_PER_MINUTE: positiveInt.default(300),
  /** Requests per minute and client IP to each of /api/auth/register, login and refresh. */
  AUTH_RATE_LIMIT_PER_MINUTE: positiveInt.default(30),
  /** Failed logins of one account before further attempts wait, with a doubling delay. */
  LOGIN_MAX_FAILURES: positiveInt.default(5),
  /**
   * How long the relay gathers a conversation's new messages before writing every member's inbox
   * (last activity, preview, unread and mention counts): one inbox write per member per interval.
   */
  INBOX_FLUSH_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /**
   * How long a user whose last connection closed may stay away before their contacts hear they
   * went offline: a reload or a socket that comes straight back is no departure.
   */
  PRESENCE_OFFLINE_GRACE_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  /** Largest image, video and other file accepted, in bytes (checked before the upload and again on its sniffed type). */
  MEDIA_MAX_IMAGE_BYTES: positiveInt.default(25 * 1024 * 1024),
  MEDIA_MAX_VIDEO_BYTES: positiveInt.default(200 * 1024 * 1024),
  MEDIA_MAX_FILE_BYTES: positiveInt.default(100 * 1024 * 1024),
  /** Largest image accepted, in pixels (width × height): decompression bombs are refused before decoding. */
  MEDIA_MAX_PIXELS: positiveInt.default(40_000_000),
  /** Images processed at once; the rest wait, so chat stays responsive. */
  MEDIA_JOBS: positiveInt.max(16).default(2),
  /** Lifetime of a signed media URL. */
  MEDIA_URL_TTL_SECONDS: positiveInt.max(86_400).default(600),
  /** How long an upload may wait for a message that names it before it is removed. */
  MEDIA_UNATTACHED_GRACE_MS: positiveInt.default(24 * 60 * 60 * 1000),
  /** Where media bytes live: `disk` under DATA_DIR/media, or `s3` (any S3-compatible store, shared by several relays). */
  MEDIA_STORE: z.enum(['disk', 's3']).default('disk'),
  MEDIA_S3_BUCKET: z.string().min(1).optional(),
  /** The S3 service's URL; unset for AWS itself. */
  MEDIA_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  MEDIA_S3_REGION: z.string().min(1).default('us-east-1'),
  MEDIA_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  MEDIA_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style URLs (endpoint/bucket/key), which MinIO, Garage and most self-hosted servers need. */
  MEDIA_S3_FORCE_PATH_STYLE: z.stringbool().default(true),
  /** Messages one user may send per 10 seconds (a burst); beyond it the socket closes with 1013 (retry later). */
  MESSAGE_RATE_PER_10S: positiveInt.default(20),
  /**
   * Updates and update bytes one user may send per 10 seconds, whatever they hold (an edit, a
   * reaction, a read marker); one update may overdraw them, so an offline backlog passes once.
   */
  UPDATE_RATE_PER_10S: positiveInt.default(1_000),
  UPDATE_BYTES_PER_10S: positiveInt.default(4 * 1024 * 1024),
  /** WebSocket connections one user may hold at once (each open document is one). */
  MAX_CONNECTIONS_PER_USER: positiveInt.default(100),
  /**
   * Benchmarks only: admit every WebSocket without a token and store every update unchecked.
   * The shared benchmark harness needs it (its clients neither log in nor use Parley's schema);
   * the relay logs a warning at start. Never set it where real users connect.
   */
  INSECURE_NO_AUTH: z.stringbool().default(false),
  /** Failed logins from one IP (any account) before further attempts from it wait. */
  LOGIN_MAX_FAILURES_PER_IP: positiveInt.default(50),
});

const schema = fields.superRefine((config, context) => {
  if (config.MEDIA_STORE !== 's3') return;
  for (const key of ['MEDIA_S3_BUCKET', 'MEDIA_S3_ACCESS_KEY_ID', 'MEDIA_S3_SECRET_ACCESS_KEY'] as const)
    if (!config[key]) context.addIssue({ code: 'custom', path: [key], message: 'required when MEDIA_STORE=s3' });
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  readonly code = 'invalid_config';
}

export function parseConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set", as in most shells' `VAR= cmd` usage.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return result.data;
}
