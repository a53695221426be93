// One client's WebSocket attached to one room: decodes its frames and answers the protocol. Its
// life is one state: loading (admission and the room's load; frames wait), ready, awaiting a
// commit (an update waits for content still being committed; frames after it wait too), closing.
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { DocName } from '../../model/doc-names.ts';
import type { Role } from '../../model/write-policy.ts';
import { CloseCode } from '../../protocol/close-codes.ts';
import { closeCodeOf, type Denial } from '../../protocol/denials.ts';
import {
  decodeClientMessage,
  encodePermissionDenied,
  encodeStored,
  encodeSyncStep1,
  encodeSyncStep2,
  ProtocolError,
  type ClientMessage,
} from '../../protocol/sync-messages.ts';
import {
  MAX_AWARENESS_CLIENTS_PER_CONNECTION,
  MAX_AWARENESS_STATE_BYTES,
  readAwarenessEntries,
  stampAwareness,
  type AwarenessEntry,
} from '../authz/awareness-stamp.ts';
import { authorizeUpdate, UNRESOLVED, type AuthzResult, type DecodedUpdate } from '../authz/update-authorizer.ts';
import type { Admitted, Identity } from './access.ts';
import type { Accepted, Sender } from './commit-pipeline.ts';
import { writePreparedFrame } from './prepared-frame.ts';
import type { Room } from './room.ts';
import { inspectUpdate } from './update-check.ts';
import type { UserLimits } from './user-limits.ts';

export interface ConnectionContext {
  log: Logger;
  maxBufferedBytes: number;
  limits: Pick<UserLimits, 'takeMessages' | 'takeUpdate' | 'updateWait'>;
  /** Hands an accepted update to the group commit; called in frame order. */
  submit(conn: Connection, room: Room<Connection>, accepted: Accepted): void;
}

/** Frames a connection holds while it cannot handle them yet, at most. */
const MAX_WAITING_FRAMES = 64;

type Life =
  | { phase: 'loading'; early: Uint8Array[]; admitted: Admitted | null }
  | { phase: 'ready'; room: Room<Connection>; admitted: Admitted }
  | { phase: 'awaitingCommit'; room: Room<Connection>; admitted: Admitted; held: Uint8Array[] }
  /** Closed by the relay or the client: frames still arriving are dropped. */
  | { phase: 'closing'; room: Room<Connection> | null; admitted: Admitted | null };

type Attached = Extract<Life, { phase: 'ready' }>;

export class Connection implements Sender {
  readonly awarenessIds = new Set<number>();
  #life: Life = { phase: 'loading', early: [], admitted: null };
  /** Update-carrying frames received and committed, for the opt-in `stored` acknowledgement. */
  #framesReceived = 0;
  #framesStored = 0;
  #alive = true;

  constructor(
    readonly id: string,
    readonly ws: WebSocket,
    readonly docName: string,
    readonly wantsAcks: boolean,
    readonly context: ConnectionContext,
  ) {}

  get phase(): Life['phase'] {
    return this.#life.phase;
  }

  /** Who is connected, once admitted; null before that and with INSECURE_NO_AUTH. */
  get identity(): Identity | null {
    return this.#life.admitted?.identity ?? null;
  }

  /** The parsed document name, once admitted; null before that and with INSECURE_NO_AUTH. */
  get doc(): DocName | null {
    return this.#life.admitted?.doc ?? null;
  }

  /** The room it joined; null while loading. */
  get room(): Room<Connection> | null {
    return this.#life.phase === 'loading' ? null : this.#life.room;
  }

  get framesReceived(): number {
    return this.#framesReceived;
  }

  /** Admission decided who this is; the room is still loading. */
  admit(admitted: Admitted): void {
    if (this.#life.phase === 'loading') this.#life.admitted = admitted;
  }

  /** Joins the loaded room: greets the client, then handles frames that arrived during the load. */
  attach(room: Room<Connection>): void {
    const life = this.#life;
    if (life.phase !== 'loading' || life.admitted === null)
      throw new Error(`attach while ${life.phase}${life.phase === 'loading' ? ', not admitted' : ''}`);
    this.#life = { phase: 'ready', room, admitted: life.admitted };
    room.members.add(this);
    this.send(encodeSyncStep1(Y.encodeStateVector(room.doc)));
    const awareness = room.awarenessFrame();
    if (awareness) this.send(awareness);
    for (const frame of life.early) this.receive(frame);
  }

  /** A new role applies from the next update on. */
  roleChanged(role: Role): void {
    const identity = this.identity;
    if (identity) identity.role = role;
  }

  receive(data: Uint8Array): void {
    const life = this.#life;
    // After a rejected frame, frames already on their way are dropped. (A shutdown close keeps
    // reading: what the client sent before our close frame arrives before its close reply.)
    if (life.phase === 'closing') return;
    this.#alive = true;
    if (life.phase === 'loading' || life.phase === 'awaitingCommit') {
      // The stock provider sends step 1 and its awareness right after open, before our load ends.
      const waiting = life.phase === 'loading' ? life.early : life.held;
      if (waiting.length >= MAX_WAITING_FRAMES) {
        return this.close(
          CloseCode.overloaded,
          life.phase === 'loading'
            ? 'Too many frames before the document was ready'
            : 'Too many frames while an update waited for content still being committed',
        );
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
      this.#handle(life, message, data);
    } catch (error) {
      this.reject(error);
    }
  }

  /** Handles the held frames, in order, once a commit they may have waited for ended. */
  #release(): void {
    const life = this.#life;
    if (life.phase !== 'awaitingCommit') return;
    this.#life = { phase: 'ready', room: life.room, admitted: life.admitted };
    const frames = life.held;
    for (let i = 0; i < frames.length; i++) {
      this.receive(frames[i]!);
      const held = this.#heldFrames();
      if (held) {
        held.push(...frames.slice(i + 1));
        return;
      }
    }
  }

  #heldFrames(): Uint8Array[] | null {
    return this.#life.phase === 'awaitingCommit' ? this.#life.held : null;
  }

  /** Keepalive: a connection that did not answer the last ping is dropped, any other pinged. */
  keepAlive(): void {
    const ws = this.ws;
    if (ws.readyState !== ws.OPEN) return;
    if (!this.#alive) {
      this.context.log.info({ connId: this.id, doc: this.docName }, 'terminating unresponsive connection');
      ws.terminate();
      return;
    }
    this.#alive = false;
    ws.ping();
  }

  /** The client answered a ping. */
  heard(): void {
    this.#alive = true;
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
    if (framesStored <= this.#framesStored) return;
    this.#framesStored = framesStored;
    this.send(encodeStored(framesStored));
  }

  /** Closes the socket; unless `keepReading`, frames still arriving are ignored. */
  close(code: number, reason: string, keepReading = false): void {
    if (!keepReading && this.#life.phase !== 'closing') this.#life = { phase: 'closing', room: this.room, admitted: this.#life.admitted };
    if (this.ws.readyState === this.ws.CLOSED || this.ws.readyState === this.ws.CLOSING) return;
    this.context.log.warn({ connId: this.id, doc: this.docName, code, reason }, 'closing connection');
    this.ws.close(code, reason);
  }

  /** Tells the client why an update was refused (y-protocols permission-denied), then closes. */
  deny(denial: Denial): void {
    this.context.log.warn(
      { connId: this.id, doc: this.docName, userId: this.identity?.userId, code: denial.code },
      `update refused: ${denial.message}`,
    );
    this.end(denial);
  }

  /** Tells the client why the connection ends (permission-denied, as `deny`), then closes with the denial's code; the caller logs. */
  end(denial: Denial): void {
    this.send(encodePermissionDenied(denial));
    this.close(closeCodeOf(denial.code), denial.message.slice(0, 120));
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

  #handle(life: Attached, message: ClientMessage, frame: Uint8Array): void {
    const { room } = life;
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
        const identity = this.identity;
        const over = identity ? this.context.limits.updateWait(identity.userId) : 0;
        if (over > 0) return this.#tooManyUpdates(over);
        let inspected = inspectUpdate(message.update);
        this.#framesReceived++;
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
        let changed: readonly string[] = [];
        // Every update costs a commit and a broadcast, so all of them count, not only new messages.
        const updateWait = data && identity ? this.context.limits.takeUpdate(identity.userId, data.byteLength) : 0;
        if (updateWait > 0) return this.#tooManyUpdates(updateWait);
        if (data) {
          const verdict = this.#authorize(room, inspected.decoded);
          if (verdict.ok === 'wait') {
            this.#framesReceived--;
            this.#life = { phase: 'awaitingCommit', room, admitted: life.admitted, held: [frame] };
            room.afterNextCommit(() => this.#release());
            return;
          }
          if (verdict.ok === false) return this.deny({ code: verdict.code, message: verdict.message });
          const wait =
            verdict.created.length > 0 && identity ? this.context.limits.takeMessages(identity.userId, verdict.created.length) : 0;
          if (wait > 0)
            return this.deny({ code: 'rate_limited', message: `Too many messages; the app resends them in ${Math.ceil(wait / 1000)} s` });
          newClients = verdict.newClients;
          created = verdict.created;
          changed = verdict.changed;
        }
        if (data || this.wantsAcks) this.context.submit(this, room, { data, userId: identity?.userId, newClients, created, changed });
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
          if (limit) return this.deny({ code: 'awareness_too_large', message: limit });
          const stamped = stampAwareness(entries, { id: userId, name: username }, (entry) =>
            room.claimAwareness(entry.clientID, userId, entry.state !== null),
          );
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
    this.deny({ code: 'rate_limited', message: `Too many changes; the app resends them in ${Math.ceil(waitMs / 1000)} s` });
  }

  /** Why these awareness entries exceed this connection's limits, if they do. */
  #awarenessLimit(room: Room<Connection>, entries: readonly AwarenessEntry[]): string | undefined {
    const mine = entries.filter((entry) => (room.ownerOf(entry.clientID) ?? this.identity?.userId) === this.identity?.userId);
    if (mine.some((entry) => entry.size > MAX_AWARENESS_STATE_BYTES))
      return `A presence state holds at most ${MAX_AWARENESS_STATE_BYTES} bytes`;
    // Stock providers re-send every peer's state; only clientIDs nobody owns yet are new claims.
    const clients = new Set(this.awarenessIds);
    for (const entry of mine) if (entry.state !== null && room.ownerOf(entry.clientID) === undefined) clients.add(entry.clientID);
    if (clients.size > MAX_AWARENESS_CLIENTS_PER_CONNECTION)
      return `One connection publishes presence for at most ${MAX_AWARENESS_CLIENTS_PER_CONNECTION} clients`;
    return undefined;
  }

  #authorize(room: Room<Connection>, update: DecodedUpdate): AuthzResult {
    if (!this.identity || !this.doc) return { ok: true, newClients: [], created: [], changed: [] };
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
