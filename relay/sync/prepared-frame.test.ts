import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { prepareFrame, writePreparedFrame } from './prepared-frame.ts';

describe('prepared frames', () => {
  const server = createServer();
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  let url: string;
  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    wss.close();
    server.close();
  });

  it.each([0, 1, 125, 126, 65535, 65536, 300_000])('a %i-byte payload arrives intact as one binary message', async (size) => {
    const payload = new Uint8Array(size).map((_, i) => (i * 7) % 251);
    const accepted = once(wss, 'connection') as Promise<[WebSocket]>;
    const client = new WebSocket(url);
    const [serverSide] = await accepted;
    const received = new Promise<{ data: Buffer; isBinary: boolean }>((resolve) =>
      client.once('message', (data: Buffer, isBinary: boolean) => resolve({ data, isBinary })),
    );
    writePreparedFrame(serverSide, prepareFrame(payload));
    const { data, isBinary } = await received;
    expect(isBinary).toBe(true);
    expect(Buffer.from(payload).equals(data)).toBe(true);
    client.close();
  });
});
