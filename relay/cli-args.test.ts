import { describe, expect, it } from 'vitest';
import { parseCliArgs, USAGE } from './cli-args.ts';

describe('parseCliArgs', () => {
  it('starts a plain relay without arguments', () => {
    expect(parseCliArgs([])).toEqual({ ok: true, flags: { demo: false, help: false } });
  });

  it('reads --demo and --help', () => {
    expect(parseCliArgs(['--demo'])).toEqual({ ok: true, flags: { demo: true, help: false } });
    expect(parseCliArgs(['--help', '--demo'])).toEqual({ ok: true, flags: { demo: true, help: true } });
  });

  it.each([['--dmeo'], ['demo'], ['--demo=1'], ['-d'], ['--']])('refuses %s, naming it and the known flags', (arg) => {
    const result = parseCliArgs(['--demo', arg]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_arguments');
    expect(result.error.message).toContain(`"${arg}"`);
    expect(result.error.message).toContain('--demo, --help');
  });

  it.each([['-dh'], ['--help=yes'], ['--help=']])('refuses %s as typed, not as a flag with a value or a group of short flags', (arg) => {
    expect(parseCliArgs([arg])).toEqual({
      ok: false,
      error: { code: 'invalid_arguments', message: `Unknown argument "${arg}". Known flags: --demo, --help.` },
    });
  });

  it('refuses -- instead of ignoring the flags after it', () => {
    const result = parseCliArgs(['--', '--demo']);
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid_arguments', message: 'Unknown argument "--". Known flags: --demo, --help.' },
    });
  });

  it('takes a flag given twice once', () => {
    expect(parseCliArgs(['--demo', '--demo'])).toEqual({ ok: true, flags: { demo: true, help: false } });
  });

  it('documents every flag in the usage text', () => {
    expect(USAGE).toMatch(/--demo\s+create the users alice, bob and charlie/);
    expect(USAGE).toMatch(/--help\s+print this help/);
  });
});
