// One client's WebSocket attached to one room: decodes its frames and answers the protocol.
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from '../close-codes.ts';
import type { DocName } from '../../model/doc-names.ts';
import { MAX_AWARENESS_CLIENTS_PER_CONNECTION, MAX_AWARENESS_STATE_BYTES, readAwarenessEntries, stampAwareness, type AwarenessEntry } from '../authz/awareness-stamp.ts';
import { authorizeUpdate, UNRESOLVED, type AuthzResult, type DecodedUpdate } from '../authz/update-authorizer.ts';
import { decodeClientMessage, encodePermissionDenied, encodeStored, encodeSyncStep1, encodeSyncStep2, ProtocolError, type ClientMessage } from '../protocol.ts';
import type { Identity } from './access.ts';
import { writePreparedFrame } from './prepared-frame.ts';
import type { Room, RoomMember } from './room.ts';
import { inspectUpdate } from './update-check.ts';

export interface ConnectionContext {
  log: Logger;
  maxBufferedBytes: number;
  /**
   * Hands an update to the group commit; called in frame order. `newClients` are clientIDs the
   * update uses for the first time in this document, to be bound to the connection's user.
   */
  submit(conn: Connection, data: Uint8Array | null, newClients: readonly number[], created: readonly string[]): void;
  /** Counts `count` new messages against the user's rate; returns 0, or the ms to wait. */
  takeMessages(userId: string, count: number): number;
  /** Counts one update of `bytes` against the user's update and byte rates; returns 0, or the ms to wait. */
  takeUpdate(userId: string, bytes: number): number;
  /** The ms a user over the update or byte rate still waits (0: not over), counting nothing. */
  updateWait(userId: string): number;
}

export class Connection implements RoomMember {
  readonly awarenessIds = new Set<number>();
  room: Room<Connection> | null = null;
  /** Update-carrying frames received and committed, for the opt-in `stored` acknowledgement. */
  framesReceived = 0;
  framesStored = 0;
  alive = true;
  /** Who is connected; null when the relay runs with INSECURE_NO_AUTH. Set before attach. */
  identity: Identity | null = null;
  /** The parsed document name; null only with INSECURE_NO_AUTH. */
  doc: DocName | null = null;
  #early: Uint8Array[] | null = [];
  /** Frames held while an update waits for the room's pending commits; null when not waiting. */
  #held: Uint8Array[] | null = null;
  #discardIncoming = false;

  constructor(
    readonly id: string,
    readonly ws: WebSocket,
    readonly docName: string,
    readonly wantsAcks: boolean,
    readonly context: ConnectionContext,
  ) {}

  /** Joins the loaded room: greets the client, then handles frames that arrived during the load. */
  attach(room: Room<Connection>): void {
    this.room = room;
    room.members.add(this);
    this.send(encodeSyncStep1(Y.encodeStateVector(room.doc)));
    const awareness = room.awarenessFrame();
    if (awareness) this.send(awareness);
    const early = this.#early ?? [];
    this.#early = null;
    for (const frame of early) this.receive(frame);
  }

  receive(data: Uint8Array): void {
    // After a rejected frame, frames already on their way are dropped. (A shutdown close keeps
    // reading: what the client sent before our close frame arrives before its close reply.)
    if (this.#discardIncoming) return;
    this.alive = true;
    const waiting = this.#early ?? this.#held;
    if (waiting) {
      // The stock provider sends step 1 and its awareness right after open, before our load ends.
      if (waiting.length >= 64) {
        return this.close(CloseCode.overloaded, this.#early ? 'Too many frames before the document was ready' : 'Too many frames while an update waited for content still being committed');
      }
      waiting.push(data);
      return;
    }
    let message: ClientMessage;
    try {
      message = decodeClientMessage(data);
    } catch (error) {
      return this.reject(error);
    }
    try {
      this.#handle(message, data);
    } catch (error) {
      this.reject(error);
    }
  }

  /** Handles the held frames, in order, once a commit they may have waited for ended. */
  #release(): void {
    const frames = this.#held ?? [];
    this.#held = null;
    for (let i = 0; i < frames.length; i++) {
      this.receive(frames[i]!);
      if (this.#held !== null) {
        (this.#held as Uint8Array[]).push(...frames.slice(i + 1));
        return;
      }
    }
  }

  send(frame: Uint8Array): void {
    if (this.#writable()) this.ws.send(frame);
  }

  sendPrepared(frame: Buffer): void {
    if (this.#writable()) writePreparedFrame(this.ws, frame);
  }

  #writable(): boolean {
    const ws = this.ws;
    if (ws.readyState !== ws.OPEN) return false;
    if (ws.bufferedAmount > this.context.maxBufferedBytes) {
      // A close frame would queue behind the data the client is not reading: drop the socket.
      this.context.log.warn({ connId: this.id, doc: this.docName, buffered: ws.bufferedAmount }, 'dropping a client that does not read');
      ws.terminate();
      return false;
    }
    return true;
  }

  acknowledge(framesStored: number): void {
    if (framesStored <= this.framesStored) return;
    this.framesStored = framesStored;
    this.send(encodeStored(framesStored));
  }

  /** Closes the socket; unless `keepReading`, frames still arriving are ignored. */
  close(code: number, reason: string, keepReading = false): void {
    if (!keepReading) this.#discardIncoming = true;
    if (this.ws.readyState === this.ws.CLOSED || this.ws.readyState === this.ws.CLOSING) return;
    this.context.log.warn({ connId: this.id, doc: this.docName, code, reason }, 'closing connection');
    this.ws.close(code, reason);
  }

  /** Tells the client why an update was refused (y-protocols permission-denied), then closes. */
  deny(code: string, message: string, closeCode: number = CloseCode.forbidden): void {
    this.context.log.warn({ connId: this.id, doc: this.docName, userId: this.identity?.userId, code }, `update refused: ${message}`);
    this.end(code, message, closeCode);
  }

  /** Tells the client why the connection ends (permission-denied, as `deny`), then closes; the caller logs. */
  end(code: string, message: string, closeCode: number): void {
    this.send(encodePermissionDenied(code, message));
    this.close(closeCode, message.slice(0, 120));
  }

  /** Logs a bad frame and closes only this connection. */
  reject(error: unknown): void {
    if (error instanceof ProtocolError) {
      const code = error.code === 'unsupported_message' ? CloseCode.unsupportedMessage : CloseCode.malformedFrame;
      return this.close(code, error.message);
    }
    this.context.log.error({ err: error, connId: this.id, doc: this.docName }, 'frame handling failed');
    this.close(CloseCode.malformedFrame, 'Frame could not be processed');
  }

  #handle(message: ClientMessage, frame: Uint8Array): void {
    const room = this.room!;
    switch (message.type) {
      case 'syncStep1': {
        let update: Uint8Array;
        try {
          update = Y.encodeStateAsUpdate(room.doc, message.stateVector);
        } catch {
          throw new ProtocolError('malformed_frame', 'Invalid state vector');
        }
        this.send(encodeSyncStep2(update));
        return;
      }
      case 'syncStep2':
      case 'syncUpdate': {
        // A sender already over its rate is refused before its update costs any decoding.
        const over = this.identity ? this.context.updateWait(this.identity.userId) : 0;
        if (over > 0) return this.#tooManyUpdates(over);
        let inspected = inspectUpdate(message.update);
        this.framesReceived++;
        // Only the part Yjs will apply is authorized and stored: structs at clocks the relay has
        // are dropped (step 2 after a reconnect repeats much of what it has; a hostile update may
        // carry decoys there), and the rest is re-encoded in Yjs' own order, so merging a binding
        // into it later cannot lose a struct the authorizer saw.
        let data: Uint8Array | null = inspected.empty ? null : Y.diffUpdate(message.update, Y.encodeStateVector(room.doc));
        if (data) {
          inspected = inspectUpdate(data);
          if (inspected.empty) data = null;
        }
        let newClients: readonly number[] = [];
        let created: readonly string[] = [];
        // Every update costs a commit and a broadcast, so all of them count, not only new messages.
        const updateWait = data && this.identity ? this.context.takeUpdate(this.identity.userId, data.byteLength) : 0;
        if (updateWait > 0) return this.#tooManyUpdates(updateWait);
        if (data) {
          const verdict = this.#authorize(room, inspected.decoded);
          if (verdict.ok === 'wait') {
            this.framesReceived--;
            this.#held = [frame];
            room.afterNextCommit(() => this.#release());
            return;
          }
          if (verdict.ok === false) return this.deny(verdict.code, verdict.message);
          const wait = verdict.created.length > 0 && this.identity ? this.context.takeMessages(this.identity.userId, verdict.created.length) : 0;
          if (wait > 0) {
            return this.deny('rate_limited', `Too many messages; the app resends them in ${Math.ceil(wait / 1000)} s`, CloseCode.overloaded);
          }
          newClients = verdict.newClients;
          created = verdict.created;
        }
        if (data || this.wantsAcks) this.context.submit(this, data, newClients, created);
        return;
      }
      case 'awareness': {
        let entries: AwarenessEntry[];
        try {
          entries = readAwarenessEntries(message.update);
        } catch {
          throw new ProtocolError('malformed_frame', 'Invalid awareness update');
        }
        let update = message.update;
        if (this.identity) {
          const { userId, username } = this.identity;
          const limit = this.#awarenessLimit(room, entries);
          if (limit) return this.deny('awareness_too_large', limit, CloseCode.forbidden);
          const stamped = stampAwareness(entries, { id: userId, name: username }, (entry) => room.claimAwareness(entry.clientID, userId, entry.state !== null));
          if (!stamped) return;
          update = stamped;
        }
        awarenessProtocol.applyAwarenessUpdate(room.awareness, update, this);
        return;
      }
      case 'queryAwareness': {
        const frame = room.awarenessFrame();
        if (frame) this.send(frame);
        return;
      }
    }
  }

  #tooManyUpdates(waitMs: number): void {
    this.deny('rate_limited', `Too many changes; the app resends them in ${Math.ceil(waitMs / 1000)} s`, CloseCode.overloaded);
  }

  /** Why these awareness entries exceed this connection's limits, if they do. */
  #awarenessLimit(room: Room<Connection>, entries: readonly AwarenessEntry[]): string | undefined {
    const mine = entries.filter((entry) => (room.ownerOf(entry.clientID) ?? this.identity?.userId) === this.identity?.userId);
    if (mine.some((entry) => entry.size > MAX_AWARENESS_STATE_BYTES)) return `A presence state holds at most ${MAX_AWARENESS_STATE_BYTES} bytes`;
    // Stock providers re-send every peer's state; only clientIDs nobody owns yet are new claims.
    const clients = new Set(this.awarenessIds);
    for (const entry of mine) if (entry.state !== null && room.ownerOf(entry.clientID) === undefined) clients.add(entry.clientID);
    if (clients.size > MAX_AWARENESS_CLIENTS_PER_CONNECTION) return `One connection publishes presence for at most ${MAX_AWARENESS_CLIENTS_PER_CONNECTION} clients`;
    return undefined;
  }

  #authorize(room: Room<Connection>, update: DecodedUpdate): AuthzResult {
    if (!this.identity || !this.doc) return { ok: true, newClients: [], created: [] };
    const verdict = authorizeUpdate({
      doc: room.doc,
      docName: this.doc,
      update,
      writer: this.identity,
      bindings: room.bindings(),
      announcedBy: (client) => room.ownerOf(client),
      nowMs: Date.now(),
    });
    // Waiting helps only while commits that may bring the missing content are under way.
    if (verdict.ok === 'wait' && room.pendingCommits === 0) return UNRESOLVED;
    return verdict;
  }
}
