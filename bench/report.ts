// The benchmark's report: a markdown table per harness scenario with notes under it, and the
// summary (markdown and JSON) of the whole run.
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, serveArgs } from '../scripts/serve-args.ts';
import type { Options } from './flags.ts';
import { HARNESS, type RunOutcome } from './harness-run.ts';
import { plan, type HarnessScenario } from './scenarios.ts';

// ---------------------------------------------------------------- harness result (the parts used)

interface Latency {
  n: number;
  p50?: number;
  p99?: number;
}
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
  server: {
    rssBeforeMB: number | null;
    rssAfterMB: number | null;
    bytesPerConn: number | null;
    cpuPctDuringConnect: number | null;
    hwmMB: number | null;
  } | null;
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
interface BigResult {
  steps: BigStep[];
}

// ---------------------------------------------------------------- tables

const fmt = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined || !Number.isFinite(x)
    ? '–'
    : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
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

export function reportScenario(scenario: HarnessScenario, outcomes: RunOutcome[], opts: Options): string {
  const p = plan(scenario, opts.quick, opts.waitQuiet, opts.rate);
  const out: string[] = [`### ${p.title}${opts.quick ? ' (quick)' : ''}`, ''];
  const notes: string[] = [];
  const note = (o: RunOutcome, text: string): void => {
    notes.push(`- ${o.target.server}/${o.target.backend}: ${text}`);
  };
  const noteNotQuiet = (o: RunOutcome, quietBefore: { quiet: boolean; otherCpuPct: number | null } | null): void => {
    if (quietBefore && !quietBefore.quiet)
      note(o, `machine not quiet before the run (other processes ${fmt(quietBefore.otherCpuPct)} % CPU)`);
  };

  if (scenario === 'A' || scenario === 'B') {
    const header = [
      'server',
      'backend',
      'delivered msg/s',
      'lost',
      'p50 ms',
      'p99 ms',
      'server CPU % (relay + postgres)',
      'µs/delivery',
      'RSS MB (peak)',
    ];
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
      rows.push([
        o.target.server,
        o.target.backend,
        int(r.deliveredPerSec),
        lost,
        fmt(r.latencyMs.p50, 2),
        fmt(r.latencyMs.p99, 2),
        cpuCell,
        fmt(usPerDelivery),
        fmt(r.server?.rssPeakMB ?? null),
      ]);
      if (o.pgCpu) {
        note(
          o,
          `postgres CPU over the ${o.pgCpu.over} (${fmt(o.pgCpu.seconds)} s): ${fmt(o.pgCpu.benchDbPct)} % bench-database backends + ${fmt(o.pgCpu.clusterPct)} % cluster background processes = ${fmt(o.pgCpu.countedPct)} % counted; ${fmt(o.pgCpu.otherDbPct)} % in other databases' backends (other users) not counted`,
        );
      }
      if (r.connect.failed) note(o, `${r.connect.failed} connections failed: ${r.connect.failures.join('; ')}`);
      const errs = [
        r.errors.unexpectedCloses ? `${r.errors.unexpectedCloses} unexpected closes` : '',
        r.errors.sendErrors ? `${r.errors.sendErrors} send errors` : '',
        r.errors.sharedDocMisses ? `${r.errors.sharedDocMisses} shared-doc misses` : '',
      ].filter(Boolean);
      if (errs.length) note(o, errs.join(', '));
      noteNotQuiet(o, r.machine.quietBefore);
      if (r.machine.otherCpuPct !== null && r.machine.otherCpuPct > 15)
        note(
          o,
          `other load during the window: ${fmt(r.machine.otherCpuPct)} % CPU${o.pgCpu ? ' (as the harness sees it, so including the postgres CPU above)' : ''} (machine ${fmt(r.machine.cpuPct)} %, generator ${fmt(r.generator.cpuPct)} %, generator loop-delay p99 ${fmt(r.generator.loopDelayP99Ms)} ms)`,
        );
    }
    out.push(table(header, rows));
  } else if (scenario === 'C') {
    const header = [
      'server',
      'backend',
      'connected',
      'connect time s',
      'RSS before MB',
      'RSS after MB',
      'KB per connection',
      'CPU % while connecting',
    ];
    const rows: string[][] = [];
    for (const o of outcomes) {
      const r = o.record?.result as IdleResult | undefined;
      if (!r) {
        rows.push(failedRow(o, header.length));
        continue;
      }
      const kb = r.server?.bytesPerConn === null || r.server?.bytesPerConn === undefined ? null : r.server.bytesPerConn / 1024;
      rows.push([
        o.target.server,
        o.target.backend,
        `${int(r.connect.ok)}${r.connect.failed ? ` (**${r.connect.failed} failed**)` : ''}`,
        fmt(r.connectAllMs / 1000, 2),
        fmt(r.server?.rssBeforeMB),
        fmt(r.server?.rssAfterMB),
        fmt(kb),
        fmt(r.server?.cpuPctDuringConnect),
      ]);
      const srv = r.server;
      if (srv && srv.rssBeforeMB !== null && srv.rssAfterMB !== null && srv.rssAfterMB < srv.rssBeforeMB) {
        const peak = srv.hwmMB !== null && r.connect.ok ? ((srv.hwmMB - srv.rssBeforeMB) * 1024) / r.connect.ok : null;
        note(
          o,
          `RSS fell while connecting (${fmt(srv.rssBeforeMB)} → ${fmt(srv.rssAfterMB)} MB: garbage from start-up was collected), so KB per connection is not meaningful here; peak growth (VmHWM ${fmt(srv.hwmMB)} MB − before) / connections = ${fmt(peak)} KB is an upper bound`,
        );
      }
      if (r.connect.failed) note(o, `connection failures: ${r.connect.failures.join('; ')}`);
      if (r.errors.unexpectedCloses) note(o, `${r.errors.unexpectedCloses} unexpected closes`);
      noteNotQuiet(o, r.machine.quietBefore);
      if (o.pgCpu)
        note(
          o,
          `postgres CPU over the whole harness run (${fmt(o.pgCpu.seconds)} s): ${fmt(o.pgCpu.countedPct)} % counted (not in the table)`,
        );
    }
    out.push(table(header, rows));
  } else {
    const header = [
      'server',
      'backend',
      'messages',
      'fill s',
      'sync ms (median, min–max)',
      'step 2 arrived ms',
      'bytes to fresh client',
      'relay RSS after fill MB',
      'RSS peak during sync MB',
    ];
    const rows: string[][] = [];
    for (const o of outcomes) {
      const r = o.record?.result as BigResult | undefined;
      if (!r) {
        rows.push(failedRow(o, header.length));
        continue;
      }
      for (const s of r.steps) {
        rows.push([
          o.target.server,
          o.target.backend,
          int(s.messages),
          fmt(s.fillMs / 1000),
          `${fmt(s.freshSyncMs.median)} (${fmt(s.freshSyncMs.min)}–${fmt(s.freshSyncMs.max)})`,
          s.freshStep2ArrivedMs.map((x) => fmt(x)).join(', '),
          `${mb(s.payloadBytesIn)} MB`,
          fmt(s.serverRssAfterFillMB),
          fmt(s.serverRssPeakDuringSyncMB),
        ]);
        const wrong = s.freshDocLen.filter((n) => n !== s.messages);
        if (wrong.length) note(o, `fresh clients at ${s.messages} messages saw ${s.freshDocLen.join(', ')} messages`);
      }
      if (o.pgCpu)
        note(
          o,
          `postgres CPU over the whole harness run (${fmt(o.pgCpu.seconds)} s): ${fmt(o.pgCpu.countedPct)} % counted (not in the table)`,
        );
    }
    out.push(table(header, rows));
  }

  for (const o of outcomes) {
    for (const line of o.harnessNotes) note(o, `harness: ${line}`);
    if (o.relayLog.length)
      note(
        o,
        `relay log (${relative(ROOT, o.file.replace(/\.json$/, '-relay.log'))}): ${o.relayLog.slice(0, 6).join(' | ')}${o.relayLog.length > 6 ? ` | … ${o.relayLog.length - 6} more` : ''}`,
      );
  }
  if (scenario === 'A' || scenario === 'B') {
    notes.unshift(
      '- server CPU % = the server process (from the harness, /proc, 100 = one core) plus, for postgres, the postgres processes (comm `postgres`) sampled every 250 ms by this script; µs/delivery = that sum / delivered messages per second.',
    );
  }
  if (notes.length) out.push('', ...notes);
  return out.join('\n');
}

/** Writes summary.md and summary.json into the results directory; returns the markdown. */
export function writeSummary(opts: Options, sections: string[], all: RunOutcome[]): string {
  const header = [
    `## Parley relay benchmark — ${new Date().toISOString()}${opts.quick ? ' (quick)' : ''}`,
    '',
    `Harness: ${relative(ROOT, HARNESS)}; relay: \`node ${serveArgs().join(' ')}\` (as \`npm run serve\`; LOG_LEVEL=warn), spawned by the harness per run with a fresh DATA_DIR and, for postgres, a fresh database (dropped afterwards); ` +
      (opts.preinit
        ? 'each fresh PGlite DATA_DIR is initialised by one unmeasured relay start first (`--pglite-cold` skips that)'
        : 'PGlite cold: the measured relay runs initdb itself (`--pglite-cold`)') +
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
  return markdown;
}
