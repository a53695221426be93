// Relay benchmark: `npm run bench [-- options]`. Not part of the tests.
//
// Drives the project's reference load generator (../shared/bench/run.mjs, see its README) against
// Parley's relay, spawned fresh for every run on a free 127.0.0.1 port, once per storage backend
// (embedded PGlite, or PostgreSQL with a throw-away database), and optionally against the two
// reference servers. Postgres CPU is counted as the relay's: while a Postgres-backed run goes on,
// the CPU time of the postgres processes is sampled from /proc and added to the relay's.
//
//   npm run bench                                  # scenarios A,B,C,E on pglite and postgres
//   npm run bench -- --quick --scenario A          # smoke run (short windows)
//   npm run bench -- --backend pglite --scenario C
//   npm run bench -- --references                  # also @y/websocket-server and Hocuspocus
//
// Everything is bounded (each harness run has its own watchdog and ours), loopback only, and only
// processes started here are signalled, by PID.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { serveArgs } from '../scripts/serve-args.ts';
import { firstLoad } from './first-load.ts';
import { authorizationCost, historyOpen, type ParleyRunOptions } from './parley-load.ts';
import { updateFlood } from './flood.ts';

// ---------------------------------------------------------------- options

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RELAY_ARGS = serveArgs();
const HARNESS_DIR = resolve(ROOT, '../shared/bench');
const HARNESS = join(HARNESS_DIR, 'run.mjs');
const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const ALL_SCENARIOS = ['A', 'B', 'C', 'D', 'E', 'F', 'H', 'L'] as const;
type Scenario = (typeof ALL_SCENARIOS)[number];
/** Scenarios bench/parley-load.ts runs against Parley alone, with its own clients. */
const PARLEY_SCENARIOS = { D: updateFlood, F: authorizationCost, H: historyOpen, L: firstLoad } satisfies Partial<Record<Scenario, (options: ParleyRunOptions) => Promise<string>>>;
type HarnessScenario = Exclude<Scenario, keyof typeof PARLEY_SCENARIOS>;
const isParleyScenario = (scenario: Scenario): scenario is keyof typeof PARLEY_SCENARIOS => scenario in PARLEY_SCENARIOS;
type Backend = 'pglite' | 'postgres';
const ALL_BACKENDS: readonly Backend[] = ['pglite', 'postgres'];

const USAGE = `usage: npm run bench -- [--scenario A,B,C,D,E,F,H,L] [--backend pglite|postgres|pglite,postgres]
                       [--references] [--quick] [--pglite-cold] [--wait-quiet S] [--out-dir DIR]
                       [--relay-root DIR]
  --scenario    subset of A (fan-out 50x10 @1/s), B (hot room 1x200), C (2,000 idle connections),
                E (cold sync of 10k / 100k messages), all through the shared harness with
                INSECURE_NO_AUTH; D (bystanders' latency while members flood, bench/flood.ts),
                F (fan-out with and without per-update authorization) and H (a new device opening
                a 100k-message conversation), Parley only, with its own clients (bench/parley-load.ts),
                L (the app's first load in Chromium, bench/first-load.ts); default: all eight
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

interface Options {
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

function parseOptions(argv: string[]): Options {
  const opts: Options = { scenarios: [...ALL_SCENARIOS], backends: [...ALL_BACKENDS], references: false, quick: false, preinit: true, waitQuiet: -1, outDir: '', rate: 1, relayRoot: ROOT };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [key, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') fail(`${key} needs a value\n${USAGE}`);
      return v;
    };
    const list = (v: string): string[] => v.split(',').map((s) => s.trim()).filter(Boolean);
    switch (key) {
      case '--scenario':
      case '--scenarios': {
        const wanted = list(value()).map((s) => s.toUpperCase());
        const bad = wanted.filter((s) => !(ALL_SCENARIOS as readonly string[]).includes(s));
        if (bad.length || !wanted.length) fail(`unknown scenario(s) ${bad.join(',')}; have ${ALL_SCENARIOS.join(',')}`);
        opts.scenarios = [...new Set(wanted)] as Scenario[];
        break;
      }
      case '--backend':
      case '--backends': {
        const wanted = list(value()).map((s) => s.toLowerCase());
        if (wanted.length === 1 && wanted[0] === 'none') {
          opts.backends = []; // references only
          break;
        }
        const bad = wanted.filter((s) => !(ALL_BACKENDS as readonly string[]).includes(s));
        if (bad.length || !wanted.length) fail(`unknown backend(s) ${bad.join(',')}; have ${ALL_BACKENDS.join(',')}`);
        opts.backends = [...new Set(wanted)] as Backend[];
        break;
      }
      case '--references':
        opts.references = true;
        break;
      case '--quick':
        opts.quick = true;
        break;
      case '--pglite-cold':
        opts.preinit = false;
        break;
      case '--rate': {
        const n = Number(value());
        if (!Number.isFinite(n) || n <= 0 || n > 100) fail('--rate must be 0..100 messages/s per client');
        opts.rate = n;
        break;
      }
      case '--wait-quiet': {
        const n = Number(value());
        if (!Number.isFinite(n) || n < 0 || n > 600) fail('--wait-quiet must be 0..600 seconds');
        opts.waitQuiet = n;
        break;
      }
      case '--relay-root':
        opts.relayRoot = resolve(value());
        break;
      case '--out-dir':
        opts.outDir = resolve(value());
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
      default:
        fail(`unexpected argument ${arg}\n${USAGE}`);
    }
  }
  if (!opts.backends.length && !opts.references) fail('--backend none leaves nothing to run without --references');
  if (opts.waitQuiet < 0) opts.waitQuiet = opts.quick ? 5 : 30;
  if (!opts.outDir) opts.outDir = join(ROOT, 'bench', 'results', new Date().toISOString().replace(/[:.]/g, '-'));
  return opts;
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

// ---------------------------------------------------------------- scenario parameters

interface ScenarioPlan {
  title: string;
  args: string[];
  /** Traffic scenarios: the measurement window, for aligning the Postgres CPU samples. */
  window?: { warmupS: number; durationS: number };
  maxSeconds: number;
}

function plan(scenario: HarnessScenario, quick: boolean, waitQuiet: number, rate: number): ScenarioPlan {
  const traffic = (rooms: number, clients: number, name: string): ScenarioPlan => {
    const deliveries = rooms * clients * (clients - 1) * rate;
    const title = `${name}: ${rooms} room${rooms > 1 ? 's' : ''} × ${clients} clients @ ${rate} msg/s (${deliveries.toLocaleString('en-US')} deliveries/s)`;
    const durationS = quick ? 5 : 20;
    const warmupS = quick ? 1 : 2;
    const drainS = 5;
    return {
      title: `${title}, ${durationS} s window after ${warmupS} s warm-up`,
      args: ['--rooms', String(rooms), '--clients', String(clients), '--rate', String(rate), '--duration', String(durationS), '--warmup', String(warmupS), '--drain', String(drainS)],
      window: { warmupS, durationS },
      maxSeconds: waitQuiet + warmupS + durationS + drainS + 90,
    };
  };
  switch (scenario) {
    case 'A':
      return traffic(50, 10, 'A — fan-out');
    case 'B':
      return traffic(1, 200, 'B — hot room');
    case 'C': {
      const hold = quick ? 2 : 5;
      return { title: `C — idle scale: 2,000 connections in 200 rooms, awareness set, held ${hold} s`, args: ['--rooms', '200', '--clients', '10', '--hold', String(hold)], maxSeconds: waitQuiet + 150 };
    }
    case 'E': {
      const fill = quick ? '1000,10000' : '10000,100000';
      const fresh = quick ? '1' : '3';
      return { title: `E — cold sync: room filled to ${fill.replace(',', ' then ')} messages, ${fresh} fresh client sync(s) each`, args: ['--fill', fill, '--batch', '1000', '--fresh', fresh], maxSeconds: waitQuiet + (quick ? 180 : 600) };
    }
  }
}

// ---------------------------------------------------------------- harness result (the parts used)

interface Latency { n: number; p50?: number; p99?: number }
interface TrafficResult {
  connect: { ok: number; failed: number; failures: string[] };
  sent: number;
  expected: number;
  delivered: number;
  deliveredPerSec: number;
  lost: number;
  latencyMs: Latency;
  server: { cpuPct: number | null; rssPeakMB: number | null; rssEndMB: number | null } | null;
  generator: { cpuPct: number; loopDelayP99Ms: number };
  machine: { cpuPct: number | null; otherCpuPct: number | null; quietBefore: { otherCpuPct: number | null; quiet: boolean } | null };
  errors: { unexpectedCloses: number; sendErrors: number; sharedDocMisses: number };
}
interface IdleResult {
  connect: { ok: number; failed: number; failures: string[] };
  connectAllMs: number;
  server: { rssBeforeMB: number | null; rssAfterMB: number | null; bytesPerConn: number | null; cpuPctDuringConnect: number | null; hwmMB: number | null } | null;
  machine: { quietBefore: { quiet: boolean; otherCpuPct: number | null } | null };
  errors: { unexpectedCloses: number };
}
interface BigStep {
  messages: number;
  fillMs: number;
  serverRssAfterFillMB: number | null;
  freshSyncMs: { median: number | null; min: number | null; max: number | null };
  freshStep2ArrivedMs: (number | null)[];
  freshDocLen: number[];
  payloadBytesIn: number;
  payloadBytesOut: number;
  serverRssPeakDuringSyncMB: number | null;
  hwmMB: number | null;
}
interface BigResult { steps: BigStep[] }
interface HarnessRecord { scenario: string; wallSeconds: number; target: { base: string }; result: unknown }

// ---------------------------------------------------------------- /proc sampling of postgres

const CLK_TCK = 100; // USER_HZ, as the harness assumes (lib/proc.mjs)

type PgClass = 'bench' | 'cluster' | 'otherdb';
interface ProcSample { t: number; pg: Map<number, { ticks: number; cls: PgClass }> }

/**
 * Samples every process whose comm is `postgres` (utime+stime from /proc/<pid>/stat) and sorts it
 * into: backends (and autovacuum workers) of the bench database; cluster-wide background processes
 * (postmaster, checkpointer, background writer, walwriter, autovacuum launcher, ...) that serve it
 * too; and backends of other databases (other users of the same server, e.g. someone's tests),
 * which are reported but not counted as the relay's.
 */
class PostgresSampler {
  readonly samples: ProcSample[] = [];
  readonly #cmdlines = new Map<number, string>();
  #timer: NodeJS.Timeout | undefined;

  constructor(readonly dbName: string) {}

  start(everyMs = 250): void {
    this.sample();
    this.#timer = setInterval(() => this.sample(), everyMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.sample();
  }

  sample(): void {
    const pgProcs = new Map<number, { ticks: number; cls: PgClass }>();
    let pids: string[] = [];
    try {
      pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
    } catch {
      return;
    }
    for (const name of pids) {
      const pid = Number(name);
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      const open = stat.indexOf('(');
      const close = stat.lastIndexOf(')');
      if (stat.slice(open + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
      const starttime = fields[19] ?? '';
      const key = `${pid}:${starttime}`;
      let cmdline = this.#cmdlines.get(pid);
      if (cmdline === undefined || !cmdline.startsWith(key)) {
        try {
          cmdline = `${key} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')}`;
        } catch {
          cmdline = `${key} `;
        }
        this.#cmdlines.set(pid, cmdline);
      }
      pgProcs.set(pid, { ticks, cls: this.#classify(cmdline) });
    }
    this.samples.push({ t: performance.now(), pg: pgProcs });
  }

  #classify(cmdline: string): PgClass {
    // Backends retitle themselves "postgres: [cluster:] user db host(port) state"; our database
    // name is random and unique, so a plain substring test finds our backends.
    if (cmdline.includes(this.dbName)) return 'bench';
    // Autovacuum backends before they retitle to the database name are counted as cluster work.
    if (/\d+\.\d+\.\d+\.\d+\(\d+\)|\[local\]|::1\(\d+\)|autovacuum worker \S|walsender/.test(cmdline)) return 'otherdb';
    return 'cluster';
  }

  /**
   * CPU % (100 = one core) per class between two times (performance.now() ms). A process that
   * appeared between two samples is counted in full (it started in that interval); one that exited
   * loses at most its last interval.
   */
  cpuPct(from: number, to: number): { bench: number; cluster: number; otherdb: number; seconds: number } | null {
    const inWindow = this.samples.filter((s) => s.t >= from - 1 && s.t <= to + 1);
    if (inWindow.length < 2) return null;
    const ticks: Record<PgClass, number> = { bench: 0, cluster: 0, otherdb: 0 };
    for (let k = 1; k < inWindow.length; k++) {
      const prev = inWindow[k - 1]!.pg;
      for (const [pid, now] of inWindow[k]!.pg) {
        const before = prev.get(pid);
        ticks[now.cls] += before ? Math.max(0, now.ticks - before.ticks) : now.ticks;
      }
    }
    const seconds = (inWindow[inWindow.length - 1]!.t - inWindow[0]!.t) / 1000;
    const pct = (n: number): number => (seconds > 0 ? (n / CLK_TCK / seconds) * 100 : 0);
    return { bench: pct(ticks.bench), cluster: pct(ticks.cluster), otherdb: pct(ticks.otherdb), seconds };
  }
}

// ---------------------------------------------------------------- one harness run

interface Target {
  server: 'parley' | 'y-websocket' | 'hocuspocus';
  backend: Backend | 'memory';
}

interface PgCpu {
  /** counted as the relay's: bench database backends + cluster background processes */
  countedPct: number;
  benchDbPct: number;
  clusterPct: number;
  /** backends of other databases on the same server (not counted) */
  otherDbPct: number;
  over: 'measurement window' | 'whole harness run';
  seconds: number;
}

interface RunOutcome {
  scenario: HarnessScenario;
  target: Target;
  file: string;
  ok: boolean;
  error?: string;
  record?: HarnessRecord;
  pgCpu?: PgCpu;
  /** notable lines from the relay's own log (level warn and above, minus the expected ones) */
  relayLog: string[];
  harnessNotes: string[];
  /** set when the harness measured a process other than the relay (a child of it) */
  measuredOther?: string;
  /** pglite DATA_DIR initialised by an earlier, unmeasured relay start */
  preinitialised?: boolean;
  wallSeconds: number;
}

let currentChild: ChildProcess | undefined;
let interrupted = false;

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

async function runOne(scenario: HarnessScenario, target: Target, opts: Options, pgAdminUrl: string): Promise<RunOutcome> {
  const p = plan(scenario, opts.quick, opts.waitQuiet, opts.rate);
  const label = `${target.server}-${target.backend}-${scenario}${opts.quick ? '-quick' : ''}`;
  const file = join(opts.outDir, `${label}.json`);
  const relayLogFile = join(opts.outDir, `${label}-relay.log`);
  const outcome: RunOutcome = { scenario, target, file, ok: false, relayLog: [], harnessNotes: [], wallSeconds: 0 };
  const started = performance.now();
  rmSync(relayLogFile, { force: true });

  const harnessArgs = [HARNESS, '--scenario', scenario, '--label', label, '--out', file, '--max-seconds', String(p.maxSeconds), '--wait-quiet', String(opts.waitQuiet), ...p.args];
  const env: NodeJS.ProcessEnv = { ...process.env };
  let dataDir: string | undefined;
  let dbName: string | undefined;
  let sampler: PostgresSampler | undefined;

  try {
    if (target.server === 'parley') {
      dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
      prewarmTsx();
      if (target.backend === 'pglite' && opts.preinit) await initPglite(dataDir, outcome);
      let databaseUrl = '';
      if (target.backend === 'postgres') {
        dbName = `parley_bench_${randomBytes(5).toString('hex')}`;
        try {
          await adminQuery(pgAdminUrl, `CREATE DATABASE ${dbName}`);
        } catch (error) {
          dbName = undefined;
          throw new Error(`cannot create a Postgres database via ${redact(pgAdminUrl)}: ${(error as Error).message}`);
        }
        const url = new URL(pgAdminUrl);
        url.pathname = `/${dbName}`;
        databaseUrl = url.toString();
        sampler = new PostgresSampler(dbName);
      }
      // The harness runs `/bin/sh -c 'exec <this>'`; env(1) execs node in turn, so the spawned PID
      // is the relay's. DATABASE_URL comes from the environment so a password never lands in the
      // result file's command line; empty means "unset" (PGlite) to the relay's config.
      env.PARLEY_BENCH_DATABASE_URL = databaseUrl;
      const cmd = [
        'env',
        'PORT={PORT}',
        'HOST=127.0.0.1',
        'LOG_LEVEL=warn',
        `DATA_DIR=${shellQuote(dataDir)}`,
        'DATABASE_URL="$PARLEY_BENCH_DATABASE_URL"',
        'STATIC_DIR=/nonexistent',
        // The harness's clients neither log in nor write Parley's schema; bench/authz-cost.ts
        // measures what authentication and per-update authorization add.
        'INSECURE_NO_AUTH=true',
        shellQuote(process.execPath),
        ...RELAY_ARGS,
        `>>${shellQuote(relayLogFile)}`,
        '2>&1',
      ].join(' ');
      harnessArgs.push('--spawn', cmd, '--path', '/sync');
    } else {
      harnessArgs.push('--server', target.server);
    }

    if (interrupted) throw new Error('interrupted');
    console.error(`\n=== ${label}: ${p.title}`);
    sampler?.start();
    let connectedAt: number | undefined;
    const tail: string[] = [];
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
      const child = spawn(process.execPath, harnessArgs, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
      currentChild = child;
      const lines = createInterface({ input: child.stderr! });
      lines.on('line', (line) => {
        if (connectedAt === undefined && /^\[bench\] connected \d+\/\d+/.test(line)) connectedAt = performance.now();
        const other = /measuring pid (\d+) \(largest process under (\d+)\)/.exec(line);
        if (other && target.server === 'parley') {
          outcome.measuredOther = `the harness measured pid ${other[1]}, a child of the relay (pid ${other[2]}; typically tsx's \`esbuild --service\` after a cache miss), so its server CPU/RSS are not the relay's`;
        }
        tail.push(line);
        if (tail.length > 40) tail.shift();
        if (/exited early|watchdog|error|failures|worker exited|refusing|timed out/i.test(line)) outcome.harnessNotes.push(line.replace(/^\[bench\] /, ''));
        console.error(`  ${line}`);
      });
      // Our own bound on top of the harness's watchdog: SIGTERM (the harness then stops its server
      // and workers), and 10 s later SIGKILL for it and whatever it started that is still there.
      const term = setTimeout(() => {
        outcome.harnessNotes.push(`harness exceeded ${p.maxSeconds + 30} s; sent SIGTERM`);
        child.kill('SIGTERM');
      }, (p.maxSeconds + 30) * 1000);
      const kill = setTimeout(() => {
        const left = child.pid === undefined ? [] : descendants(child.pid);
        outcome.harnessNotes.push(`harness still running 10 s after SIGTERM; sent SIGKILL to it and ${left.length} process(es) it started`);
        child.kill('SIGKILL');
        for (const pid of left) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }, (p.maxSeconds + 40) * 1000);
      child.on('exit', (code, signal) => {
        clearTimeout(term);
        clearTimeout(kill);
        currentChild = undefined;
        resolveExit({ code, signal });
      });
      child.on('error', (error) => {
        outcome.harnessNotes.push(`could not start the harness: ${error.message}`);
        clearTimeout(term);
        clearTimeout(kill);
        currentChild = undefined;
        resolveExit({ code: null, signal: null });
      });
    });
    const ended = performance.now();
    sampler?.stop();
    outcome.wallSeconds = Math.round((ended - started) / 100) / 10;

    if (sampler) {
      let from = started;
      let to = ended;
      let over: PgCpu['over'] = 'whole harness run';
      if (p.window && connectedAt !== undefined) {
        // The harness, after "connected ...": sleeps 1 s, resets stats, starts sending 0.5 s later,
        // measures after the warm-up for `duration` seconds (run.mjs runTraffic).
        from = connectedAt + 1500 + p.window.warmupS * 1000;
        to = from + p.window.durationS * 1000;
        over = 'measurement window';
      }
      const cpu = sampler.cpuPct(from, to);
      if (cpu) {
        outcome.pgCpu = {
          countedPct: cpu.bench + cpu.cluster,
          benchDbPct: cpu.bench,
          clusterPct: cpu.cluster,
          otherDbPct: cpu.otherdb,
          over,
          seconds: cpu.seconds,
        };
      }
    }

    if (existsSync(file)) {
      outcome.record = JSON.parse(readFileSync(file, 'utf8')) as HarnessRecord;
      outcome.ok = exit.code === 0;
    }
    if (!outcome.ok) {
      const how = interrupted ? 'interrupted' : `harness exited with ${exit.signal ?? `code ${exit.code}`}`;
      outcome.error = `${how}${outcome.record ? '' : ', no result written'}`;
      const seen = new Set(outcome.harnessNotes);
      for (const line of tail.slice(-8).map((l) => l.replace(/^\[bench\] /, ''))) if (!seen.has(line)) outcome.harnessNotes.push(line);
    }
  } catch (error) {
    outcome.error = (error as Error).message;
  } finally {
    sampler?.stop();
    if (dbName) {
      await adminQuery(pgAdminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((error: unknown) => {
        outcome.harnessNotes.push(`could not drop database ${dbName}: ${(error as Error).message}`);
      });
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    outcome.relayLog = relayLogNotes(relayLogFile);
  }
  return outcome;
}

/** PIDs of all processes below `pid` (from /proc/<pid>/task/<tid>/children), to kill strays. */
function descendants(pid: number): number[] {
  const out: number[] = [];
  const stack = [pid];
  for (let guard = 0; stack.length && guard < 1000; guard++) {
    const parent = stack.pop()!;
    try {
      for (const task of readdirSync(`/proc/${parent}/task`)) {
        for (const kid of readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)) {
          out.push(kid);
          stack.push(kid);
        }
      }
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/**
 * When tsx has to transform a file (its cache misses, e.g. after an edit), it keeps an
 * `esbuild --service` child alive for the relay's lifetime, and the harness's --spawn mode then
 * measures that child (the "largest process under" the spawned PID) instead of the relay. Loading
 * the relay's module graph once beforehand fills tsx's cache: with an invalid PORT, relay/main.ts
 * fails in parseConfig() right after all its static imports were transformed, before opening any
 * store or port.
 */
function prewarmTsx(): void {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: 'invalid-bench-prewarm', DATABASE_URL: '', LOG_LEVEL: 'silent' };
  spawnSync(process.execPath, RELAY_ARGS, { cwd: ROOT, env, stdio: 'ignore', timeout: 60_000 });
}

/**
 * A relay's first start on an empty PGlite directory runs initdb inside the process: ~8 s of CPU
 * and ~880 MB RSS that stay with it (a later start on the same directory settles near 400 MB).
 * That would dominate the RSS figures and make C's "RSS before" baseline drift (it fell by 340 MB
 * while connecting in one run). So by default the fresh DATA_DIR is initialised by one unmeasured
 * relay start (initdb + migrations; stopped with SIGTERM once listening), and the measured relay
 * opens an existing, empty database, as a restarted production relay would.
 */
async function initPglite(dataDir: string, outcome: RunOutcome): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: dataDir, DATABASE_URL: '', STATIC_DIR: '/nonexistent' };
  const child = spawn(process.execPath, RELAY_ARGS, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  currentChild = child;
  const output: string[] = [];
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  const listening = await new Promise<boolean>((resolveListening) => {
    const timer = setTimeout(() => resolveListening(false), 90_000);
    const onLine = (line: string): void => {
      output.push(line);
      if (line.includes('Parley relay listening')) {
        clearTimeout(timer);
        resolveListening(true);
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    void exited.then(() => {
      clearTimeout(timer);
      resolveListening(false);
    });
  });
  child.kill('SIGTERM');
  const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(kill);
  currentChild = undefined;
  if (!listening) throw new Error(`initialising the PGlite DATA_DIR failed: the relay did not start (${output.slice(-3).join(' | ').slice(0, 400)})`);
  outcome.preinitialised = true;
}

/** Warn-and-above lines of the relay's log (pino JSON), grouped, minus the expected startup warning. */
function relayLogNotes(file: string): string[] {
  if (!existsSync(file)) return [];
  const counts = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let text = line.slice(0, 300);
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } | string; reason?: string; code?: unknown };
      if (entry.msg === 'no built app found; run `npm run build` to serve the web app') continue;
      const level = entry.level === undefined ? '' : entry.level >= 50 ? 'ERROR ' : entry.level >= 40 ? 'WARN ' : '';
      const err = typeof entry.err === 'string' ? entry.err : entry.err?.message;
      text = `${level}${entry.msg ?? ''}${err ? `: ${err}` : ''}${entry.reason ? ` (${entry.reason})` : ''}${entry.code !== undefined ? ` [code ${String(entry.code)}]` : ''}`;
    } catch {
      // not JSON (a crash trace, say): keep the raw line
    }
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return [...counts].map(([text, n]) => (n > 1 ? `${n}× ${text}` : text));
}

// ---------------------------------------------------------------- report

const fmt = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const int = (x: number | null | undefined): string => fmt(x, 0);
const mb = (bytes: number | null | undefined): string => (bytes === null || bytes === undefined ? '–' : fmt(bytes / 1048576, 2));

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function failedRow(o: RunOutcome, width: number): string[] {
  const row = [o.target.server, o.target.backend, `**failed**: ${o.error ?? 'no result'}`];
  while (row.length < width) row.push('');
  return row;
}

function reportScenario(scenario: HarnessScenario, outcomes: RunOutcome[], opts: Options): string {
  const p = plan(scenario, opts.quick, opts.waitQuiet, opts.rate);
  const out: string[] = [`### ${p.title}${opts.quick ? ' (quick)' : ''}`, ''];
  const notes: string[] = [];
  const note = (o: RunOutcome, text: string): void => {
    notes.push(`- ${o.target.server}/${o.target.backend}: ${text}`);
  };
  const noteNotQuiet = (o: RunOutcome, quietBefore: { quiet: boolean; otherCpuPct: number | null } | null): void => {
    if (quietBefore && !quietBefore.quiet) note(o, `machine not quiet before the run (other processes ${fmt(quietBefore.otherCpuPct)} % CPU)`);
  };

  if (scenario === 'A' || scenario === 'B') {
    const header = ['server', 'backend', 'delivered msg/s', 'lost', 'p50 ms', 'p99 ms', 'server CPU % (relay + postgres)', 'µs/delivery', 'RSS MB (peak)'];
    const rows: string[][] = [];
    for (const o of outcomes) {
      const r = o.record?.result as TrafficResult | undefined;
      if (!r) {
        rows.push(failedRow(o, header.length));
        continue;
      }
      const relayCpu = r.server?.cpuPct ?? null;
      const pgCpu = o.pgCpu?.countedPct ?? 0;
      const total = relayCpu === null ? null : relayCpu + pgCpu;
      const usPerDelivery = total !== null && r.deliveredPerSec > 0 ? ((total / 100) * 1e6) / r.deliveredPerSec : null;
      const cpuCell = o.pgCpu ? `${fmt(total)} (${fmt(relayCpu)} + ${fmt(pgCpu)})` : `${fmt(total)} (${fmt(relayCpu)})`;
      const lost = r.lost > 0 ? `**${int(r.lost)}** of ${int(r.expected)}` : '0';
      rows.push([o.target.server, o.target.backend, int(r.deliveredPerSec), lost, fmt(r.latencyMs.p50, 2), fmt(r.latencyMs.p99, 2), cpuCell, fmt(usPerDelivery), fmt(r.server?.rssPeakMB ?? null)]);
      if (o.pgCpu) {
        note(o, `postgres CPU over the ${o.pgCpu.over} (${fmt(o.pgCpu.seconds)} s): ${fmt(o.pgCpu.benchDbPct)} % bench-database backends + ${fmt(o.pgCpu.clusterPct)} % cluster background processes = ${fmt(o.pgCpu.countedPct)} % counted; ${fmt(o.pgCpu.otherDbPct)} % in other databases' backends (other users) not counted`);
      }
      if (r.connect.failed) note(o, `${r.connect.failed} connections failed: ${r.connect.failures.join('; ')}`);
      const errs = [r.errors.unexpectedCloses ? `${r.errors.unexpectedCloses} unexpected closes` : '', r.errors.sendErrors ? `${r.errors.sendErrors} send errors` : '', r.errors.sharedDocMisses ? `${r.errors.sharedDocMisses} shared-doc misses` : ''].filter(Boolean);
      if (errs.length) note(o, errs.join(', '));
      noteNotQuiet(o, r.machine.quietBefore);
      if (r.machine.otherCpuPct !== null && r.machine.otherCpuPct > 15) note(o, `other load during the window: ${fmt(r.machine.otherCpuPct)} % CPU${o.pgCpu ? ' (as the harness sees it, so including the postgres CPU above)' : ''} (machine ${fmt(r.machine.cpuPct)} %, generator ${fmt(r.generator.cpuPct)} %, generator loop-delay p99 ${fmt(r.generator.loopDelayP99Ms)} ms)`);
    }
    out.push(table(header, rows));
  } else if (scenario === 'C') {
    const header = ['server', 'backend', 'connected', 'connect time s', 'RSS before MB', 'RSS after MB', 'KB per connection', 'CPU % while connecting'];
    const rows: string[][] = [];
    for (const o of outcomes) {
      const r = o.record?.result as IdleResult | undefined;
      if (!r) {
        rows.push(failedRow(o, header.length));
        continue;
      }
      const kb = r.server?.bytesPerConn === null || r.server?.bytesPerConn === undefined ? null : r.server.bytesPerConn / 1024;
      rows.push([o.target.server, o.target.backend, `${int(r.connect.ok)}${r.connect.failed ? ` (**${r.connect.failed} failed**)` : ''}`, fmt(r.connectAllMs / 1000, 2), fmt(r.server?.rssBeforeMB), fmt(r.server?.rssAfterMB), fmt(kb), fmt(r.server?.cpuPctDuringConnect)]);
      const srv = r.server;
      if (srv && srv.rssBeforeMB !== null && srv.rssAfterMB !== null && srv.rssAfterMB < srv.rssBeforeMB) {
        const peak = srv.hwmMB !== null && r.connect.ok ? ((srv.hwmMB - srv.rssBeforeMB) * 1024) / r.connect.ok : null;
        note(o, `RSS fell while connecting (${fmt(srv.rssBeforeMB)} → ${fmt(srv.rssAfterMB)} MB: garbage from start-up was collected), so KB per connection is not meaningful here; peak growth (VmHWM ${fmt(srv.hwmMB)} MB − before) / connections = ${fmt(peak)} KB is an upper bound`);
      }
      if (r.connect.failed) note(o, `connection failures: ${r.connect.failures.join('; ')}`);
      if (r.errors.unexpectedCloses) note(o, `${r.errors.unexpectedCloses} unexpected closes`);
      noteNotQuiet(o, r.machine.quietBefore);
      if (o.pgCpu) note(o, `postgres CPU over the whole harness run (${fmt(o.pgCpu.seconds)} s): ${fmt(o.pgCpu.countedPct)} % counted (not in the table)`);
    }
    out.push(table(header, rows));
  } else {
    const header = ['server', 'backend', 'messages', 'fill s', 'sync ms (median, min–max)', 'step 2 arrived ms', 'bytes to fresh client', 'relay RSS after fill MB', 'RSS peak during sync MB'];
    const rows: string[][] = [];
    for (const o of outcomes) {
      const r = o.record?.result as BigResult | undefined;
      if (!r) {
        rows.push(failedRow(o, header.length));
        continue;
      }
      for (const s of r.steps) {
        rows.push([o.target.server, o.target.backend, int(s.messages), fmt(s.fillMs / 1000), `${fmt(s.freshSyncMs.median)} (${fmt(s.freshSyncMs.min)}–${fmt(s.freshSyncMs.max)})`, s.freshStep2ArrivedMs.map((x) => fmt(x)).join(', '), `${mb(s.payloadBytesIn)} MB`, fmt(s.serverRssAfterFillMB), fmt(s.serverRssPeakDuringSyncMB)]);
        const wrong = s.freshDocLen.filter((n) => n !== s.messages);
        if (wrong.length) note(o, `fresh clients at ${s.messages} messages saw ${s.freshDocLen.join(', ')} messages`);
      }
      if (o.pgCpu) note(o, `postgres CPU over the whole harness run (${fmt(o.pgCpu.seconds)} s): ${fmt(o.pgCpu.countedPct)} % counted (not in the table)`);
    }
    out.push(table(header, rows));
  }

  for (const o of outcomes) {
    for (const line of o.harnessNotes) note(o, `harness: ${line}`);
    if (o.relayLog.length) note(o, `relay log (${relative(ROOT, o.file.replace(/\.json$/, '-relay.log'))}): ${o.relayLog.slice(0, 6).join(' | ')}${o.relayLog.length > 6 ? ` | … ${o.relayLog.length - 6} more` : ''}`);
  }
  if (scenario === 'A' || scenario === 'B') {
    notes.unshift(
      '- server CPU % = the server process (from the harness, /proc, 100 = one core) plus, for postgres, the postgres processes (comm `postgres`) sampled every 250 ms by this script; µs/delivery = that sum / delivered messages per second.',
    );
  }
  if (notes.length) out.push('', ...notes);
  return out.join('\n');
}

// ---------------------------------------------------------------- main

function ensureHarness(): void {
  if (!existsSync(HARNESS)) {
    fail(`the load-generator harness was not found: expected ${HARNESS} (the shared bench harness, ../shared/bench relative to the repository root ${ROOT})`);
  }
  if (!existsSync(join(HARNESS_DIR, 'node_modules'))) {
    console.error(`bench: installing the harness's dependencies (npm ci in ${HARNESS_DIR})`);
    const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: HARNESS_DIR, stdio: 'inherit', timeout: 300_000 });
    if (r.status !== 0) fail(`npm ci in ${HARNESS_DIR} failed (${r.error?.message ?? `exit ${r.status}`})`);
  }
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  ensureHarness();
  mkdirSync(opts.outDir, { recursive: true });
  const pgAdminUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || DEFAULT_PG_URL;

  const targets: Target[] = opts.backends.map((backend) => ({ server: 'parley', backend }));
  if (opts.references) targets.push({ server: 'y-websocket', backend: 'memory' }, { server: 'hocuspocus', backend: 'memory' });

  console.error(`bench: scenarios ${opts.scenarios.join(',')} × ${targets.map((t) => `${t.server}/${t.backend}`).join(', ')}${opts.quick ? ' (quick)' : ''}; results in ${relative(ROOT, opts.outDir) || '.'}`);
  if (opts.backends.includes('postgres')) console.error(`bench: postgres server ${redact(pgAdminUrl)} (a fresh database per run)`);

  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = true;
    console.error(`bench: ${signal}; stopping the current harness run`);
    currentChild?.kill('SIGTERM'); // the harness stops its own server and workers; runOne then cleans up
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const sections: string[] = [];
  const all: RunOutcome[] = [];
  for (const scenario of opts.scenarios) {
    if (isParleyScenario(scenario)) {
      const own = PARLEY_SCENARIOS[scenario];
      for (const backend of opts.backends) {
        if (interrupted) break;
        console.error(`bench: scenario ${scenario} on parley/${backend}`);
        try {
          const section = await own({ root: opts.relayRoot, relayArgs: serveArgs(opts.relayRoot), backend, pgAdminUrl, quick: opts.quick });
          sections.push(section);
          console.error(`\n${section}\n`);
        } catch (error) {
          const section = `### ${scenario} on ${backend}: failed: ${(error as Error).message}`;
          sections.push(section);
          console.error(section);
          process.exitCode = 1;
        }
      }
      continue;
    }
    const outcomes: RunOutcome[] = [];
    for (const target of targets) {
      if (interrupted) break;
      let o = await runOne(scenario, target, opts, pgAdminUrl);
      if (o.measuredOther && !interrupted) {
        console.error(`bench: ${o.measuredOther}; running it once more`);
        const first = o.measuredOther;
        o = await runOne(scenario, target, opts, pgAdminUrl);
        o.harnessNotes.unshift(`first attempt discarded: ${first}`);
      }
      if (o.measuredOther) o.harnessNotes.unshift(`**server CPU/RSS invalid**: ${o.measuredOther}`);
      outcomes.push(o);
      all.push(o);
    }
    if (!outcomes.length) break;
    const section = reportScenario(scenario, outcomes, opts);
    sections.push(section);
    console.error(`\n${section}\n`);
  }

  const header = [
    `## Parley relay benchmark — ${new Date().toISOString()}${opts.quick ? ' (quick)' : ''}`,
    '',
    `Harness: ${relative(ROOT, HARNESS)}; relay: \`node ${RELAY_ARGS.join(' ')}\` (as \`npm run serve\`; LOG_LEVEL=warn), spawned by the harness per run with a fresh DATA_DIR and, for postgres, a fresh database (dropped afterwards); ` +
      (opts.preinit ? 'each fresh PGlite DATA_DIR is initialised by one unmeasured relay start first (`--pglite-cold` skips that)' : 'PGlite cold: the measured relay runs initdb itself (`--pglite-cold`)') +
      `. Results: ${relative(ROOT, opts.outDir)}/`,
    '',
  ].join('\n');
  const markdown = `${header}\n${sections.join('\n\n')}\n`;
  writeFileSync(join(opts.outDir, 'summary.md'), markdown);
  writeFileSync(
    join(opts.outDir, 'summary.json'),
    JSON.stringify(
      all.map(({ record, ...rest }) => ({ ...rest, file: relative(ROOT, rest.file), result: record?.result ?? null })),
      null,
      2,
    ),
  );
  console.log(markdown);
  const failed = all.filter((o) => !o.ok);
  if (failed.length) console.error(`bench: ${failed.length} run(s) failed: ${failed.map((o) => `${o.target.server}/${o.target.backend}/${o.scenario}`).join(', ')}`);
  process.exitCode = interrupted ? 130 : failed.length || process.exitCode ? 1 : 0;
}

await main();
