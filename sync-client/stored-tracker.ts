// Which local content the relay has durably stored. The relay acknowledges, per connection, how
// many update-carrying frames (sync step 2 and sync update) it has committed (`stored`, type 100,
// sent only with `?acks=1`). Each such frame carries at most what the doc held when it was sent,
// so the doc's state vector at send time of frame #n is covered once frame #n is acknowledged.
// The relay's own sync step 1 counts too: its document holds only committed updates, so its state
// vector is stored content (this covers unsent work from an earlier session after a reload).
// What an earlier session learnt comes back through `restore` (stored-persistence.ts keeps it).
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType, SyncMessage } from '#protocol/sync-messages.ts';

export interface ItemId {
  client: number;
  clock: number;
}

type StateVector = Map<number, number>;

export class StoredTracker {
  /** Per client, the first clock not yet known to be stored. Only ever grows. */
  readonly storedStateVector: StateVector = new Map();
  /** State vectors at the sending of this connection's frames not yet acknowledged, oldest first. */
  #unacked: StateVector[] = [];
  /** Frames of this connection already acknowledged (acks count from the connection's start). */
  #acked = 0;
  readonly #listeners = new Set<() => void>();

  constructor(private readonly doc: Y.Doc) {}

  /** A WebSocket class that reports every frame it sends; pass it to the provider as WebSocketPolyfill. */
  wrap(Base: typeof WebSocket): typeof WebSocket {
    // The subclass constructor runs with its own `this` (the socket): the tracker is captured here.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const tracker = this;
    return class TrackedWebSocket extends Base {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        // The provider opens a new socket only after the old one closed: a new connection, so
        // the relay's count starts again and unacknowledged frames are resent by the handshake.
        tracker.#unacked = [];
        tracker.#acked = 0;
      }

      override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
        super.send(data);
        // Recorded after a send that did not throw: a frame that never left is never acknowledged.
        if (isUpdateFrame(data)) tracker.#unacked.push(new Map(Y.decodeStateVector(Y.encodeStateVector(tracker.doc))));
      }
    };
  }

  /** Registers the handler for the relay's `stored` message and watches its sync step 1. */
  attach(provider: Pick<WebsocketProvider, 'messageHandlers'>): void {
    provider.messageHandlers[MessageType.stored] = (_encoder, decoder) => this.#acknowledged(decoding.readVarUint(decoder));
    const handleSync = provider.messageHandlers[MessageType.sync];
    if (!handleSync) throw new Error('y-websocket provider without a sync handler');
    provider.messageHandlers[MessageType.sync] = (encoder, decoder, ...rest) => {
      this.#noteRelayState(decoder);
      handleSync(encoder, decoder, ...rest);
    };
  }

  /** Adds what an earlier session of this device knew the relay stored. */
  restore(vector: ReadonlyMap<number, number>): void {
    this.#raise(vector);
  }

  isStored({ client, clock }: ItemId): boolean {
    return clock < (this.storedStateVector.get(client) ?? 0);
  }

  /**
   * Whether the relay stored what this device wrote to the document: everything so far, or up to
   * `written` (its own state when the caller last wrote).
   */
  ownWritesStored(written = Y.getState(this.doc.store, this.doc.clientID)): boolean {
    return (this.storedStateVector.get(this.doc.clientID) ?? 0) >= written;
  }

  /** Calls `listener` whenever more content became stored; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #acknowledged(count: number): void {
    const vector = this.#unacked[count - this.#acked - 1];
    // Acks are cumulative; a stale or repeated count adds nothing.
    if (vector === undefined) return;
    this.#unacked = this.#unacked.slice(count - this.#acked);
    this.#acked = count;
    this.#raise(vector);
  }

  /** Reads, without consuming, a sync step 1 from the relay: its state vector is committed content. */
  #noteRelayState(decoder: decoding.Decoder): void {
    const peek = decoding.createDecoder(decoder.arr.subarray(decoder.pos));
    if (decoding.readVarUint(peek) !== SyncMessage.step1) return;
    this.#raise(Y.decodeStateVector(decoding.readVarUint8Array(peek)));
  }

  #raise(vector: ReadonlyMap<number, number>): void {
    let grew = false;
    for (const [client, clock] of vector) {
      if (clock > (this.storedStateVector.get(client) ?? 0)) {
        this.storedStateVector.set(client, clock);
        grew = true;
      }
    }
    if (grew) for (const listener of this.#listeners) listener();
  }
}

function isUpdateFrame(data: unknown): boolean {
  if (!ArrayBuffer.isView(data) || data.byteLength < 2) return false;
  const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  if (decoding.readVarUint(decoder) !== MessageType.sync) return false;
  const syncType = decoding.readVarUint(decoder);
  return syncType === SyncMessage.step2 || syncType === SyncMessage.update;
}
