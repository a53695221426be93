// What the benchmarks read from /proc: a process's CPU time and memory, and the processes under
// one, for the relay and Postgres processes they start and measure.
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ, as the shared harness assumes (its lib/proc.mjs). */
export const CLK_TCK = 100;

export interface ProcStat {
  comm: string;
  /** utime + stime, in clock ticks. */
  ticks: number;
  /** Ticks after boot when the process started: with the PID, it tells a reused PID apart. */
  starttime: string;
}

/** Parsed /proc/<pid>/stat; throws if the process is gone. */
export function procStat(pid: number): ProcStat {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // comm may hold spaces and parentheses, so the fields are counted from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    ticks: Number(fields[11]) + Number(fields[12]),
    starttime: fields[19] ?? '',
  };
}

export function cpuSeconds(pid: number): number {
  return procStat(pid).ticks / CLK_TCK;
}

export function rssMB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** PIDs of all processes below `pid` (from /proc/<pid>/task/<tid>/children), to kill strays. */
export function descendants(pid: number): number[] {
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
