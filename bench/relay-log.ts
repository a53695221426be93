// What the relay logged during a harness run, for the notes under the report's table.
import { existsSync, readFileSync } from 'node:fs';

/** Warn-and-above lines of the relay's log (pino JSON), grouped, minus the expected startup warning. */
export function relayLogNotes(file: string): string[] {
  if (!existsSync(file)) return [];
  const counts = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let text = line.slice(0, 300);
    try {
      const entry = JSON.parse(line) as {
        level?: number;
        msg?: string;
        err?: { message?: string } | string;
        reason?: string;
        code?: unknown;
      };
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
