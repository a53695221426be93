// Entry point: `node --import tsx relay/main.ts [--demo]`. Configuration comes from the
// environment; the only flags ask for one-off work at start (cli-args.ts).
import { USAGE, parseCliArgs } from './cli-args.ts';
import { parseConfig } from './config.ts';
import { createRelay } from './create-relay.ts';
import { createLogger, logDestination } from './log.ts';

const args = parseCliArgs(process.argv.slice(2));
if (!args.ok) {
  process.stderr.write(`${args.error.message}\n\n${USAGE}\n`);
  process.exit(1);
}
if (args.flags.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}

const config = parseConfig();
const stdout = logDestination();
const log = createLogger(config.LOG_LEVEL, stdout);

const relay = await createRelay(config, log);
await relay.app.listen({ port: config.PORT, host: config.HOST });
const address = relay.app.server.address();
const port = typeof address === 'object' && address ? address.port : config.PORT;
log.info(
  { port, database: relay.database, dataDir: relay.database === 'pglite' ? config.DATA_DIR : undefined },
  `Parley relay listening on http://localhost:${port}`,
);

let stopping = false;
async function shutdown(reason: string, exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ reason }, 'shutting down');
  await relay.close(config.SHUTDOWN_TIMEOUT_MS);
  log.info('stopped');
  process.exit(exitCode);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

if (args.flags.demo) {
  try {
    const { runDemo } = await import('./demo/run-demo.ts');
    await runDemo({ relay, config, log, address, print: (text) => stdout.write(text) });
  } catch (error) {
    // A stop signal during seeding closes the relay under it; that failure is the signal's doing.
    if (stopping) log.warn({ err: error }, 'demo seeding interrupted by shutdown');
    else {
      // Exit rather than serve on: `--demo` promises users and history, and a relay without
      // them (or with half of them) looks like a broken Parley to someone who missed this line.
      log.fatal({ err: error }, 'demo seeding failed');
      const code = error instanceof Error && 'code' in error ? `${String(error.code)}: ` : '';
      const message = error instanceof Error ? error.message : String(error);
      // The demo seeds only a server without its users, so a half-seeded one stays half seeded.
      process.stderr.write(
        `\nParley demo seeding failed: ${code}${message}\nFix the cause, then start again on a fresh DATA_DIR (or database).\n\n`,
      );
      await shutdown('demo seeding failed', 1);
    }
  }
}
