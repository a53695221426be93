// `--demo`: seeds the demo into the relay main.ts has just started and tells the person at the
// terminal how to sign in. main.ts loads this module only with the flag, so a plain relay never
// loads the app's sync client (nor y-websocket, a development dependency).
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Relay } from '../create-relay.ts';
import { DEMO_PASSWORD, DEMO_USERNAMES, DEMO_VIEWER } from './content.ts';
import { DemoError, DemoErrorCode } from './demo-error.ts';
import { seedDemo, type DemoOutcome } from './seed.ts';

export interface DemoRun {
  relay: Pick<Relay, 'accounts' | 'conversations' | 'presence'>;
  config: Pick<Config, 'PUBLIC_URL' | 'MESSAGE_RATE_PER_10S' | 'INBOX_FLUSH_MS' | 'INSECURE_NO_AUTH'>;
  log: Logger;
  /** Where the relay listens: `server.address()`. */
  address: AddressInfo | string | null;
  /**
   * Shows the banner. main.ts writes it into the log's own stream: pino writes asynchronously, so
   * a plain process.stdout.write could overtake the log lines written just before it.
   */
  print: (text: string) => void;
}

/** Seeds (or finds) the demo, then logs the outcome and prints it for people. Throws when seeding fails. */
export async function runDemo({ relay, config, log, address, print }: DemoRun): Promise<void> {
  // Without authentication the relay binds no authors and keeps no conversation lists.
  if (config.INSECURE_NO_AUTH)
    throw new DemoError(DemoErrorCode.unsupported, 'The demo needs authentication; INSECURE_NO_AUTH is for benchmarks only');
  if (typeof address !== 'object' || address === null)
    throw new DemoError(DemoErrorCode.unsupported, `The demo dials the relay over TCP, but it listens on ${String(address)}`);
  const outcome = await seedDemo({
    accounts: relay.accounts,
    conversations: relay.conversations,
    presence: relay.presence,
    relayUrl: dialUrl(address),
    messageRatePer10s: config.MESSAGE_RATE_PER_10S,
    inboxFlushMs: config.INBOX_FLUSH_MS,
    log,
  });
  const appUrl = config.PUBLIC_URL ?? `http://localhost:${address.port}`;
  switch (outcome.status) {
    case 'seeded':
      log.info(
        { demo: outcome.status, ms: outcome.ms, users: DEMO_USERNAMES, password: DEMO_PASSWORD },
        `demo ready: sign in at ${appUrl}`,
      );
      break;
    case 'present':
      log.info(
        { demo: outcome.status, users: DEMO_USERNAMES },
        'demo already seeded: alice, bob and charlie exist and the demo password works; nothing added',
      );
      break;
    case 'skipped':
      log.warn({ demo: outcome.status, reasons: outcome.reasons }, `demo not seeded: ${outcome.reasons.join('; ')}`);
      break;
  }
  print(demoBanner(outcome, appUrl));
}

/**
 * The address the demo's clients dial. A relay listening on every interface is reached on
 * loopback; one bound to a single address only there.
 */
export function dialUrl({ address, family, port }: AddressInfo): string {
  if (address === '0.0.0.0') return `ws://127.0.0.1:${port}`;
  if (address === '::') return `ws://[::1]:${port}`;
  return family === 'IPv6' ? `ws://[${address}]:${port}` : `ws://${address}:${port}`;
}

/** What the terminal shows between the JSON log lines: meant to be read, not parsed. */
export function demoBanner(outcome: DemoOutcome, appUrl: string): string {
  const users = `${DEMO_USERNAMES.slice(0, -1).join(', ')} or ${DEMO_USERNAMES.at(-1)}`;
  const lines =
    outcome.status === 'skipped'
      ? [
          'Parley demo NOT seeded: the demo only fills a server where none of its users exist yet.',
          ...outcome.reasons.map((reason) => `  - ${reason}`),
          'Use a fresh DATA_DIR (or database) for the demo.',
        ]
      : [
          `Parley demo ready${outcome.status === 'present' ? ' (seeded on an earlier start)' : ''}: open ${appUrl}`,
          `Sign in as ${users} with the password: ${DEMO_PASSWORD}`,
          ...(outcome.status === 'seeded' ? [`(${DEMO_VIEWER} has unread messages waiting)`] : []),
        ];
  const width = Math.max(...lines.map((line) => line.length));
  const rule = '='.repeat(width + 4);
  return `\n${rule}\n${lines.map((line) => `  ${line}`).join('\n')}\n${rule}\n\n`;
}
