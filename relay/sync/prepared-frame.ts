// Broadcast frames are framed for WebSocket once and the same bytes are written to every
// recipient's socket: ws would otherwise build a header and a two-buffer write per recipient.
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** An unmasked, final, binary WebSocket frame (RFC 6455 §5.2) carrying `payload`. */
export function prepareFrame(payload: Uint8Array): Buffer {
  const length = payload.byteLength;
  const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x82;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.set(payload, headerLength);
  return frame;
}

/**
 * Writes a prepared frame straight to the socket under `ws`. Safe because the relay never
 * compresses (perMessageDeflate is off), so ws has no queued frame this write could overtake.
 */
export function writePreparedFrame(ws: WebSocket, frame: Buffer): void {
  (ws as unknown as { _socket: Socket })._socket.write(frame);
}
