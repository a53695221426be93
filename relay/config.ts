// Configuration, parsed once from the environment at start. Nothing else reads process.env.
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

const schema = z.object({
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
