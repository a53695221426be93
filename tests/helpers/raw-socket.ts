// A raw WebSocket to the relay that sends hand-made frames, for attacks a stock provider never makes.
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { MessageType } from '../../protocol/sync-messages.ts';

export interface Refusal {
  code: number;
  reason: string;
  /** The permission-denied reason's code, when the relay sent one. */
  denied: string | undefined;
}

/**
 * Opens a raw socket to `${wsUrl}/${doc}` as `token`, sends `frames` once the relay greeted it
 * (or nothing, when the relay refuses the connection), and reports how the relay closed it.
 * The socket is pushed onto `sockets` so the test can terminate it.
 */
export function attemptFrames(
  wsUrl: string,
  token: string | undefined,
  doc: string,
  frames: readonly Uint8Array[],
  sockets: WebSocket[],
): Promise<Refusal> {
  const query = token === undefined ? '' : `?token=${encodeURIComponent(token)}`;
  const ws = new WebSocket(`${wsUrl}/${doc}${query}`);
  sockets.push(ws);
  ws.on('error', () => {});
  let denied: string | undefined;
  let pending = [...frames];
  ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) !== MessageType.auth) {
      for (const frame of pending) if (ws.readyState === ws.OPEN) ws.send(frame);
      pending = [];
      return;
    }
    decoding.readVarUint(decoder);
    denied = (JSON.parse(decoding.readVarString(decoder)) as { code: string }).code;
  });
  return new Promise((resolve) => ws.on('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString(), denied })));
}
