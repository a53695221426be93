// The relay's log at its default level says what needs attention, not every request it served
// (relay/http/request-log.ts); at debug every request is there, under its reqId.
import { pino, type DestinationStream } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay, type TestRelay } from './helpers/relay.ts';

interface Line {
  level: number;
  msg: string;
  reqId?: string;
  method?: string;
  url?: string;
  statusCode?: number;
}

const DEBUG = 20;
const WARN = 40;
const ERROR = 50;

let relay: TestRelay | undefined;
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});

/** A relay logging at `level` into `lines`, whose database answers pings only while `up()` says so. */
async function relayLoggingTo(level: string, up: () => boolean = () => true): Promise<{ relay: TestRelay; lines: Line[] }> {
  const lines: Line[] = [];
  const destination: DestinationStream = { write: (line: string) => void lines.push(JSON.parse(line) as Line) };
  relay = await startRelay(
    {},
    {
      log: pino({ level }, destination),
      wrapStore: (store) => ({ ...store, ping: () => (up() ? store.ping() : Promise.reject(new Error('connection refused'))) }),
    },
  );
  lines.length = 0;
  return { relay, lines };
}

describe('request logs', () => {
  it('a relay logging at info writes no line for requests that went well or were the client’s mistake', async () => {
    const { relay, lines } = await relayLoggingTo('info');
    expect((await fetch(`${relay.httpUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${relay.httpUrl}/readyz`)).status).toBe(200);
    expect((await fetch(`${relay.httpUrl}/api/me`)).status).toBe(401);
    expect((await fetch(`${relay.httpUrl}/no-such-file.js`)).status).toBe(404);
    expect(lines).toEqual([]);
  });

  it('a server error is still logged at info level, as a warning with its reqId, method, url and status', async () => {
    let databaseUp = true;
    const { relay, lines } = await relayLoggingTo('info', () => databaseUp);
    databaseUp = false;
    expect((await fetch(`${relay.httpUrl}/readyz`)).status).toBe(503);
    const failure = lines.find((line) => line.msg === 'database unreachable');
    expect(failure).toMatchObject({ level: ERROR, reqId: expect.any(String) });
    expect(lines.find((line) => line.msg === 'request completed')).toMatchObject({
      level: WARN,
      reqId: failure?.reqId,
      method: 'GET',
      url: '/readyz',
      statusCode: 503,
    });
  });

  it('a relay logging at debug writes each request as it comes and as it ends, under one reqId', async () => {
    const { relay, lines } = await relayLoggingTo('debug');
    await fetch(`${relay.httpUrl}/healthz`);
    await fetch(`${relay.httpUrl}/healthz`);
    const incoming = lines.filter((line) => line.msg === 'incoming request');
    const completed = lines.filter((line) => line.msg === 'request completed');
    expect(incoming).toHaveLength(2);
    expect(completed.map(({ level, method, url, statusCode }) => ({ level, method, url, statusCode }))).toEqual([
      { level: DEBUG, method: 'GET', url: '/healthz', statusCode: 200 },
      { level: DEBUG, method: 'GET', url: '/healthz', statusCode: 200 },
    ]);
    expect(completed.map((line) => line.reqId)).toEqual(incoming.map((line) => line.reqId));
    expect(new Set(completed.map((line) => line.reqId)).size).toBe(2);
  });
});
