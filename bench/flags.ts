// `npm run bench` flags: the usage text and the options it parses into.
import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ROOT } from '../scripts/serve-args.ts';
import { ALL_SCENARIOS, type Scenario } from './scenarios.ts';

export type Backend = 'pglite' | 'postgres';
const ALL_BACKENDS: readonly Backend[] = ['pglite', 'postgres'];
export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

export const USAGE = `usage: npm run bench -- [--scenario A,B,C,D,E,F,H,L,M] [--backend pglite|postgres|pglite,postgres]
                       [--references] [--quick] [--pglite-cold] [--wait-quiet S] [--out-dir DIR]
                       [--relay-root DIR]
  --scenario    subset of A (fan-out 50x10 @1/s), B (hot room 1x200), C (2,000 idle connections),
                E (cold sync of 10k / 100k messages), all through the shared harness with
                INSECURE_NO_AUTH; D (bystanders' latency while members flood, bench/flood.ts),
                F (fan-out with and without per-update authorization) and H (a new device opening
                a 100k-message conversation), Parley only, with its own clients (bench/parley-load.ts),
                L (the app's first load in Chromium, bench/first-load.ts), M (media: a 50 MB upload,
                12 MP thumbnails, chat p99 while four photos are processed, bench/media-load.ts);
                default: all nine
  --backend     relay storage backend(s), or none (with --references); default: pglite,postgres. Postgres uses
                $BENCH_DATABASE_URL, else $DATABASE_URL, else ${DEFAULT_PG_URL}
                (a fresh database parley_bench_<random> per run, dropped afterwards)
  --references  also run @y/websocket-server and @hocuspocus/server (in-memory) via the harness
  --quick       smoke run: 5 s windows (+1 s warm-up), C held 2 s, E filled to 1k/10k, 1 fresh sync
  --pglite-cold measure the relay's very first start on an empty PGlite DATA_DIR (initdb in the
                measured process; by default the fresh DATA_DIR is initialised by one earlier,
                unmeasured relay start, as a restarted production relay would find it)
  --rate R      messages/s per client in A and B (default 1; A at 4 = 18,000 and 7 = 31,500 deliveries/s)
  --wait-quiet  seconds the harness waits for other processes to go idle (default 30; quick 5)
  --out-dir     where the harness JSON and summary go (default bench/results/<time>)
  --relay-root  D, F and H spawn the relay from this checkout instead (e.g. a \`git worktree\` of
                an older commit, after \`npm ci\` there), to measure before and after a change`;

export interface Options {
  scenarios: Scenario[];
  backends: Backend[];
  references: boolean;
  quick: boolean;
  /** pglite: start the relay once on the fresh DATA_DIR before the measured run (see initPglite) */
  preinit: boolean;
  waitQuiet: number;
  outDir: string;
  /** Messages per second per client in A and B. */
  rate: number;
  /** Checkout whose relay Parley's own scenarios spawn. */
  relayRoot: string;
}

// The plural spellings are accepted too; a value-less or unknown flag is refused by parseArgs.
const FLAGS = {
  scenario: { type: 'string' },
  scenarios: { type: 'string' },
  backend: { type: 'string' },
  backends: { type: 'string' },
  references: { type: 'boolean' },
  quick: { type: 'boolean' },
  'pglite-cold': { type: 'boolean' },
  rate: { type: 'string' },
  'wait-quiet': { type: 'string' },
  'out-dir': { type: 'string' },
  'relay-root': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

function readFlags(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: FLAGS }).values;
  } catch (error) {
    if (!(error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS_')) throw error;
    fail(`${(error as Error).message}\n${USAGE}`);
  }
}

export function parseOptions(argv: string[]): Options {
  const flags = readFlags(argv);
  if (flags.help) {
    console.log(USAGE);
    process.exit(0);
  }
  // parseArgs takes `--rate=` as an empty value
  const given = (flag: string, value: string | undefined): string | undefined => {
    if (value === '') fail(`${flag} needs a value\n${USAGE}`);
    return value;
  };
  const list = (value: string): string[] =>
    value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const number = (flag: string, value: string | undefined, valid: (n: number) => boolean, range: string): number | undefined => {
    if (given(flag, value) === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n) || !valid(n)) fail(`${flag} must be ${range}`);
    return n;
  };

  const scenarios = given('--scenario', flags.scenario ?? flags.scenarios);
  const backends = given('--backend', flags.backend ?? flags.backends);
  const rate = number('--rate', flags.rate, (n) => n > 0 && n <= 100, '0..100 messages/s per client');
  const waitQuiet = number('--wait-quiet', flags['wait-quiet'], (n) => n >= 0 && n <= 600, '0..600 seconds');
  const quick = flags.quick ?? false;
  const outDir = given('--out-dir', flags['out-dir']);
  const relayRoot = given('--relay-root', flags['relay-root']);
  const opts: Options = {
    scenarios: scenarios === undefined ? [...ALL_SCENARIOS] : scenarioList(list(scenarios)),
    backends: backends === undefined ? [...ALL_BACKENDS] : backendList(list(backends)),
    references: flags.references ?? false,
    quick,
    preinit: !flags['pglite-cold'],
    waitQuiet: waitQuiet ?? (quick ? 5 : 30),
    outDir: outDir === undefined ? join(ROOT, 'bench', 'results', new Date().toISOString().replace(/[:.]/g, '-')) : resolve(outDir),
    rate: rate ?? 1,
    relayRoot: relayRoot === undefined ? ROOT : resolve(relayRoot),
  };
  if (!opts.backends.length && !opts.references) fail('--backend none leaves nothing to run without --references');
  return opts;
}

function scenarioList(names: string[]): Scenario[] {
  const wanted = names.map((s) => s.toUpperCase());
  const bad = wanted.filter((s) => !(ALL_SCENARIOS as readonly string[]).includes(s));
  if (bad.length || !wanted.length) fail(`unknown scenario(s) ${bad.join(',')}; have ${ALL_SCENARIOS.join(',')}`);
  return [...new Set(wanted)] as Scenario[];
}

function backendList(names: string[]): Backend[] {
  const wanted = names.map((s) => s.toLowerCase());
  if (wanted.length === 1 && wanted[0] === 'none') return []; // references only
  const bad = wanted.filter((s) => !(ALL_BACKENDS as readonly string[]).includes(s));
  if (bad.length || !wanted.length) fail(`unknown backend(s) ${bad.join(',')}; have ${ALL_BACKENDS.join(',')}`);
  return [...new Set(wanted)] as Backend[];
}

/** The bench cannot start as asked: says why on stderr and exits with 2. */
export function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}
