// Postgres CPU counted as the relay's: while a Postgres-backed harness run goes on, the CPU time of
// the postgres processes is sampled from /proc, sorted by whom they serve.
import { readdirSync, readFileSync } from 'node:fs';
import { CLK_TCK, procStat, type ProcStat } from './proc.ts';

type PgClass = 'bench' | 'cluster' | 'otherdb';
interface ProcSample {
  t: number;
  pg: Map<number, { ticks: number; cls: PgClass }>;
}

export interface PgCpu {
  /** counted as the relay's: bench database backends + cluster background processes */
  countedPct: number;
  benchDbPct: number;
  clusterPct: number;
  /** backends of other databases on the same server (not counted) */
  otherDbPct: number;
  over: 'measurement window' | 'whole harness run';
  seconds: number;
}

/**
 * Samples every process whose comm is `postgres` (utime+stime from /proc/<pid>/stat) and sorts it
 * into: backends (and autovacuum workers) of the bench database; cluster-wide background processes
 * (postmaster, checkpointer, background writer, walwriter, autovacuum launcher, ...) that serve it
 * too; and backends of other databases (other users of the same server, e.g. someone's tests),
 * which are reported but not counted as the relay's.
 */
export class PostgresSampler {
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
    let pids: string[];
    try {
      pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
    } catch {
      return;
    }
    for (const name of pids) {
      const pid = Number(name);
      let stat: ProcStat;
      try {
        stat = procStat(pid);
      } catch {
        continue; // exited meanwhile
      }
      if (stat.comm !== 'postgres') continue;
      const key = `${pid}:${stat.starttime}`;
      let cmdline = this.#cmdlines.get(pid);
      if (cmdline === undefined || !cmdline.startsWith(key)) {
        try {
          cmdline = `${key} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')}`;
        } catch {
          cmdline = `${key} `;
        }
        this.#cmdlines.set(pid, cmdline);
      }
      pgProcs.set(pid, { ticks: stat.ticks, cls: this.#classify(cmdline) });
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
   * CPU % (100 = one core) per class between two times (performance.now() ms), or null with fewer
   * than two samples in between. A process that appeared between two samples is counted in full
   * (it started in that interval); one that exited loses at most its last interval.
   */
  cpu(from: number, to: number, over: PgCpu['over']): PgCpu | null {
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
    return {
      countedPct: pct(ticks.bench) + pct(ticks.cluster),
      benchDbPct: pct(ticks.bench),
      clusterPct: pct(ticks.cluster),
      otherDbPct: pct(ticks.otherdb),
      over,
      seconds,
    };
  }
}
