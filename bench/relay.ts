// Relay benchmark: `npm run bench [-- options]`. Not part of the tests.
//
// Drives the project's reference load generator (../shared/bench/run.mjs, see its README) against
// Parley's relay, spawned fresh for every run on a free 127.0.0.1 port, once per storage backend
// (embedded PGlite, or PostgreSQL with a throw-away database), and optionally against the two
// reference servers. Postgres CPU is counted as the relay's: while a Postgres-backed run goes on,
// the CPU time of the postgres processes is sampled from /proc and added to the relay's.
//
//   npm run bench                                  # all nine scenarios on pglite and postgres
//   npm run bench -- --quick --scenario A          # smoke run (short windows)
//   npm run bench -- --backend pglite --scenario C
//   npm run bench -- --references                  # also @y/websocket-server and Hocuspocus
//
// Everything is bounded (each harness run has its own watchdog and ours), loopback only, and only
// processes started here are signalled, by PID. This file runs the scenarios in order; flags.ts
// reads the options, harness-run.ts runs the harness once, report.ts writes the tables.
import { mkdirSync } from 'node:fs';
import { relative } from 'node:path';
import { ROOT } from '../scripts/serve-args.ts';
import { firstLoad } from './first-load.ts';
import { DEFAULT_PG_URL, parseOptions } from './flags.ts';
import { updateFlood } from './flood.ts';
import { ensureHarness, redact, runOne, type RunOutcome, type Target } from './harness-run.ts';
import { interrupted, stopOnSignals } from './interrupt.ts';
import { mediaLoad } from './media-load.ts';
import { authorizationCost, historyOpen, type ParleyRunOptions } from './parley-load.ts';
import { reportScenario, writeSummary } from './report.ts';
import { isParleyScenario, type ParleyScenario } from './scenarios.ts';

const PARLEY_RUNS: Record<ParleyScenario, (options: ParleyRunOptions) => Promise<string>> = {
  D: updateFlood,
  F: authorizationCost,
  H: historyOpen,
  L: firstLoad,
  M: mediaLoad,
};

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  ensureHarness();
  mkdirSync(opts.outDir, { recursive: true });
  const pgAdminUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || DEFAULT_PG_URL;

  const targets: Target[] = opts.backends.map((backend) => ({ server: 'parley', backend }));
  if (opts.references) targets.push({ server: 'y-websocket', backend: 'memory' }, { server: 'hocuspocus', backend: 'memory' });

  console.error(
    `bench: scenarios ${opts.scenarios.join(',')} × ${targets.map((t) => `${t.server}/${t.backend}`).join(', ')}${opts.quick ? ' (quick)' : ''}; results in ${relative(ROOT, opts.outDir) || '.'}`,
  );
  if (opts.backends.includes('postgres')) console.error(`bench: postgres server ${redact(pgAdminUrl)} (a fresh database per run)`);
  stopOnSignals();

  const sections: string[] = [];
  const all: RunOutcome[] = [];
  for (const scenario of opts.scenarios) {
    if (isParleyScenario(scenario)) {
      for (const backend of opts.backends) {
        if (interrupted()) break;
        console.error(`bench: scenario ${scenario} on parley/${backend}`);
        try {
          const section = await PARLEY_RUNS[scenario]({ root: opts.relayRoot, backend, pgAdminUrl, quick: opts.quick });
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
      if (interrupted()) break;
      let o = await runOne(scenario, target, opts, pgAdminUrl);
      if (o.measuredOther && !interrupted()) {
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

  console.log(writeSummary(opts, sections, all));
  const failed = all.filter((o) => !o.ok);
  if (failed.length)
    console.error(
      `bench: ${failed.length} run(s) failed: ${failed.map((o) => `${o.target.server}/${o.target.backend}/${o.scenario}`).join(', ')}`,
    );
  process.exitCode = interrupted() ? 130 : failed.length || process.exitCode ? 1 : 0;
}

await main();
