// One run of the shared harness (../shared/bench/run.mjs) for one scenario against one server:
// for Parley a fresh relay with fresh storage, spawned by the harness; bounded by our own
// watchdog on top of the harness's; the result file read back, the storage removed.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { ROOT, serveArgs } from '../scripts/serve-args.ts';
import { fail, type Backend, type Options } from './flags.ts';
import { interrupted, track } from './interrupt.ts';
import { PostgresSampler, type PgCpu } from './postgres-cpu.ts';
import { descendants } from './proc.ts';
import { relayLogNotes } from './relay-log.ts';
import { initPglite, prewarmTsx } from './relay-warmup.ts';
import { plan, type HarnessScenario } from './scenarios.ts';

export const HARNESS_DIR = resolve(ROOT, '../shared/bench');
export const HARNESS = join(HARNESS_DIR, 'run.mjs');
const RELAY_ARGS = serveArgs();

export interface Target {
  server: 'parley' | 'y-websocket' | 'hocuspocus';
  backend: Backend | 'memory';
}

export interface HarnessRecord {
  scenario: string;
  wallSeconds: number;
  target: { base: string };
  result: unknown;
}

export interface RunOutcome {
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

/** Finds the harness, and installs its dependencies the first time. */
export function ensureHarness(): void {
  if (!existsSync(HARNESS)) {
    fail(
      `the load-generator harness was not found: expected ${HARNESS} (the shared bench harness, ../shared/bench relative to the repository root ${ROOT})`,
    );
  }
  if (!existsSync(join(HARNESS_DIR, 'node_modules'))) {
    console.error(`bench: installing the harness's dependencies (npm ci in ${HARNESS_DIR})`);
    const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: HARNESS_DIR, stdio: 'inherit', timeout: 300_000 });
    if (r.status !== 0) fail(`npm ci in ${HARNESS_DIR} failed (${r.error?.message ?? `exit ${r.status}`})`);
  }
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function redact(url: string): string {
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

export async function runOne(scenario: HarnessScenario, target: Target, opts: Options, pgAdminUrl: string): Promise<RunOutcome> {
  const p = plan(scenario, opts.quick, opts.waitQuiet, opts.rate);
  const label = `${target.server}-${target.backend}-${scenario}${opts.quick ? '-quick' : ''}`;
  const file = join(opts.outDir, `${label}.json`);
  const relayLogFile = join(opts.outDir, `${label}-relay.log`);
  const outcome: RunOutcome = { scenario, target, file, ok: false, relayLog: [], harnessNotes: [], wallSeconds: 0 };
  const started = performance.now();
  rmSync(relayLogFile, { force: true });

  const harnessArgs = [
    HARNESS,
    '--scenario',
    scenario,
    '--label',
    label,
    '--out',
    file,
    '--max-seconds',
    String(p.maxSeconds),
    '--wait-quiet',
    String(opts.waitQuiet),
    ...p.args,
  ];
  const env: NodeJS.ProcessEnv = { ...process.env };
  let dataDir: string | undefined;
  let dbName: string | undefined;
  let sampler: PostgresSampler | undefined;

  try {
    if (target.server === 'parley') {
      dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
      prewarmTsx();
      if (target.backend === 'pglite' && opts.preinit) {
        await initPglite(dataDir);
        outcome.preinitialised = true;
      }
      let databaseUrl = '';
      if (target.backend === 'postgres') {
        dbName = `parley_bench_${randomBytes(5).toString('hex')}`;
        try {
          await adminQuery(pgAdminUrl, `CREATE DATABASE ${dbName}`);
        } catch (error) {
          dbName = undefined;
          throw new Error(`cannot create a Postgres database via ${redact(pgAdminUrl)}: ${(error as Error).message}`, { cause: error });
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
        // The harness's clients neither log in nor write Parley's schema; scenario F
        // (bench/parley-load.ts) measures what authentication and per-update authorization add.
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

    if (interrupted()) throw new Error('interrupted');
    console.error(`\n=== ${label}: ${p.title}`);
    sampler?.start();
    let connectedAt: number | undefined;
    const tail: string[] = [];
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
      const child = spawn(process.execPath, harnessArgs, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
      track(child);
      const lines = createInterface({ input: child.stderr! });
      lines.on('line', (line) => {
        if (connectedAt === undefined && /^\[bench\] connected \d+\/\d+/.test(line)) connectedAt = performance.now();
        const other = /measuring pid (\d+) \(largest process under (\d+)\)/.exec(line);
        if (other && target.server === 'parley') {
          outcome.measuredOther = `the harness measured pid ${other[1]}, a child of the relay (pid ${other[2]}; typically tsx's \`esbuild --service\` after a cache miss), so its server CPU/RSS are not the relay's`;
        }
        tail.push(line);
        if (tail.length > 40) tail.shift();
        if (/exited early|watchdog|error|failures|worker exited|refusing|timed out/i.test(line))
          outcome.harnessNotes.push(line.replace(/^\[bench\] /, ''));
        console.error(`  ${line}`);
      });
      // Our own bound on top of the harness's watchdog: SIGTERM (the harness then stops its server
      // and workers), and 10 s later SIGKILL for it and whatever it started that is still there.
      const term = setTimeout(
        () => {
          outcome.harnessNotes.push(`harness exceeded ${p.maxSeconds + 30} s; sent SIGTERM`);
          child.kill('SIGTERM');
        },
        (p.maxSeconds + 30) * 1000,
      );
      const kill = setTimeout(
        () => {
          const left = child.pid === undefined ? [] : descendants(child.pid);
          outcome.harnessNotes.push(
            `harness still running 10 s after SIGTERM; sent SIGKILL to it and ${left.length} process(es) it started`,
          );
          child.kill('SIGKILL');
          for (const pid of left) {
            try {
              process.kill(pid, 'SIGKILL');
            } catch {
              // already gone
            }
          }
        },
        (p.maxSeconds + 40) * 1000,
      );
      child.on('exit', (code, signal) => {
        clearTimeout(term);
        clearTimeout(kill);
        track(undefined);
        resolveExit({ code, signal });
      });
      child.on('error', (error) => {
        outcome.harnessNotes.push(`could not start the harness: ${error.message}`);
        clearTimeout(term);
        clearTimeout(kill);
        track(undefined);
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
      const cpu = sampler.cpu(from, to, over);
      if (cpu) outcome.pgCpu = cpu;
    }

    if (existsSync(file)) {
      outcome.record = JSON.parse(readFileSync(file, 'utf8')) as HarnessRecord;
      outcome.ok = exit.code === 0;
    }
    if (!outcome.ok) {
      const how = interrupted() ? 'interrupted' : `harness exited with ${exit.signal ?? `code ${exit.code}`}`;
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
