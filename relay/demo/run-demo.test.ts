import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from './content.ts';
import { DemoErrorCode } from './demo-error.ts';
import { demoBanner, dialUrl, runDemo, type DemoRun } from './run-demo.ts';

describe('dialUrl', () => {
  it('reaches a relay listening on every interface over loopback', () => {
    expect(dialUrl({ address: '0.0.0.0', family: 'IPv4', port: 8080 })).toBe('ws://127.0.0.1:8080');
    expect(dialUrl({ address: '::', family: 'IPv6', port: 8080 })).toBe('ws://[::1]:8080');
  });

  it('reaches a relay bound to one address at that address', () => {
    expect(dialUrl({ address: '127.0.0.1', family: 'IPv4', port: 41234 })).toBe('ws://127.0.0.1:41234');
    expect(dialUrl({ address: '192.168.1.20', family: 'IPv4', port: 80 })).toBe('ws://192.168.1.20:80');
    expect(dialUrl({ address: '::1', family: 'IPv6', port: 8080 })).toBe('ws://[::1]:8080');
  });
});

describe('demoBanner', () => {
  it('tells where to go, who to sign in as and the password', () => {
    const banner = demoBanner({ status: 'seeded', ms: 2500 }, 'http://localhost:8080');
    expect(banner).toContain('Parley demo ready: open http://localhost:8080');
    expect(banner).toContain(`Sign in as alice, bob or charlie with the password: ${DEMO_PASSWORD}`);
    expect(banner).toContain('alice has unread messages waiting');
  });

  it('says when the demo was seeded before, without promising unread messages', () => {
    const banner = demoBanner({ status: 'present' }, 'https://chat.example.org');
    expect(banner).toContain('Parley demo ready (seeded on an earlier start): open https://chat.example.org');
    expect(banner).toContain(DEMO_PASSWORD);
    expect(banner).not.toContain('unread');
  });

  it('explains why nothing was seeded, without a password that would not work', () => {
    const banner = demoBanner(
      {
        status: 'skipped',
        reasons: ['alice exists, but the demo password does not work for alice (was it changed?)', 'bob does not exist'],
      },
      'http://localhost:8080',
    );
    expect(banner).toContain('Parley demo NOT seeded');
    expect(banner).toContain('  - alice exists, but the demo password does not work for alice (was it changed?)');
    expect(banner).toContain('  - bob does not exist');
    expect(banner).not.toContain(DEMO_PASSWORD);
  });
});

describe('runDemo', () => {
  const untouchable = new Proxy(
    {},
    {
      get: () => {
        throw new Error('the demo touched the relay');
      },
    },
  );
  const run = (overrides: Partial<DemoRun>): Promise<void> =>
    runDemo({
      relay: { accounts: untouchable as never, conversations: untouchable as never, presence: untouchable as never },
      config: { PUBLIC_URL: undefined, MESSAGE_RATE_PER_10S: 20, INBOX_FLUSH_MS: 1000, INSECURE_NO_AUTH: false },
      log: pino({ level: 'silent' }),
      address: { address: '127.0.0.1', family: 'IPv4', port: 8080 },
      print: () => {},
      ...overrides,
    });

  it('refuses a relay without authentication before touching it', async () => {
    await expect(
      run({ config: { PUBLIC_URL: undefined, MESSAGE_RATE_PER_10S: 20, INBOX_FLUSH_MS: 1000, INSECURE_NO_AUTH: true } }),
    ).rejects.toMatchObject({
      code: DemoErrorCode.unsupported,
      message: expect.stringContaining('INSECURE_NO_AUTH'),
    });
  });

  it('refuses a relay it cannot dial over TCP', async () => {
    await expect(run({ address: '/tmp/parley.sock' })).rejects.toMatchObject({
      code: DemoErrorCode.unsupported,
      message: expect.stringContaining('/tmp/parley.sock'),
    });
  });
});
