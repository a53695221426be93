// The relay's command-line flags (`npm start -- --demo`). Everything else is configured through
// the environment (config.ts); the flags only ask for one-off work at start.

export interface CliFlags {
  /** Seed the demo users and conversations (relay/demo/) once the relay listens. */
  demo: boolean;
  help: boolean;
}

const FLAGS: Record<string, { key: keyof CliFlags; help: string }> = {
  '--demo': { key: 'demo', help: 'create the users alice, bob and charlie with a DM and a group full of history (skipped when they exist)' },
  '--help': { key: 'help', help: 'print this help and exit' },
};

export const USAGE = [
  'Usage: npm start -- [flags]   or   npm run serve -- [flags]',
  ...Object.entries(FLAGS).map(([flag, { help }]) => `  ${flag.padEnd(8)} ${help}`),
  'Configuration comes from environment variables (PORT, DATABASE_URL, DATA_DIR, …): see README.md.',
].join('\n');

export type CliParse = { ok: true; flags: CliFlags } | { ok: false; error: { code: 'invalid_arguments'; message: string } };

/** Strict: any argument that is not a known flag is an error, so a typo never starts a plain relay. */
export function parseCliArgs(argv: readonly string[]): CliParse {
  const flags: CliFlags = { demo: false, help: false };
  for (const arg of argv) {
    const flag = FLAGS[arg];
    if (!flag) {
      const known = Object.keys(FLAGS).join(', ');
      return { ok: false, error: { code: 'invalid_arguments', message: `Unknown argument "${arg}". Known flags: ${known}.` } };
    }
    flags[flag.key] = true;
  }
  return { ok: true, flags };
}
