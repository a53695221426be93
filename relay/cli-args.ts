// The relay's command-line flags (`npm start -- --demo`). Everything else is configured through
// the environment (config.ts); the flags only ask for one-off work at start.
import { parseArgs } from 'node:util';

export interface CliFlags {
  /** Seed the demo users and conversations (relay/demo/) once the relay listens. */
  demo: boolean;
  help: boolean;
}

const FLAGS: Record<keyof CliFlags, { help: string }> = {
  demo: { help: 'create the users alice, bob and charlie with a DM and a group full of history (skipped when they exist)' },
  help: { help: 'print this help and exit' },
};

export const USAGE = [
  'Usage: npm start -- [flags]   or   npm run serve -- [flags]',
  ...Object.entries(FLAGS).map(([name, { help }]) => `  ${`--${name}`.padEnd(8)} ${help}`),
  'Configuration comes from environment variables (PORT, DATABASE_URL, DATA_DIR, …): see README.md.',
].join('\n');

export type CliParse = { ok: true; flags: CliFlags } | { ok: false; error: { code: 'invalid_arguments'; message: string } };

const isFlag = (name: string): name is keyof CliFlags => Object.hasOwn(FLAGS, name);

/** Strict: any argument that is not a known flag is an error, so a typo never starts a plain relay. */
export function parseCliArgs(argv: readonly string[]): CliParse {
  // Not parseArgs' strict mode: its errors name the option (`--demo`), not the argument the user
  // typed (`--demo=1`, `-dh`), and it lets `--` and whatever follows it through.
  const { tokens } = parseArgs({
    args: [...argv],
    options: { demo: { type: 'boolean' }, help: { type: 'boolean' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const flags: CliFlags = { demo: false, help: false };
  for (const token of tokens) {
    if (token.kind !== 'option' || !isFlag(token.name) || token.value !== undefined) {
      const known = Object.keys(FLAGS)
        .map((name) => `--${name}`)
        .join(', ');
      return {
        ok: false,
        error: { code: 'invalid_arguments', message: `Unknown argument "${argv[token.index]}". Known flags: ${known}.` },
      };
    }
    flags[token.name] = true;
  }
  return { ok: true, flags };
}
