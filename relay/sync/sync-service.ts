// Wires WebSocket connections, rooms and the group commit together. Durability rule: an update
// is applied to the room's doc, broadcast and acknowledged only after its COMMIT.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import * as Y from 'yjs';
import type { UpdateStore } from '../../persistence/update-store.ts';
import { SESSION_ENDED, unverifiedSubject } from '../auth/tokens.ts';
import type { ConversationChange } from '../conversations/conversation-events.ts';
import type { Config } from '../config.ts';
import { CloseCode } from '../close-codes.ts';
import { encodePermissionDenied, encodeSyncUpdate } from '../protocol.ts';
import type { AccessPolicy, Identity } from './access.ts';
import { CommitQueue, type CommitResult, type PendingUpdate } from './commit-queue.ts';
import { Connection, type ConnectionContext } from './connection.ts';
import { docNameFromPath } from './doc-name.ts';
import type { Room } from './room.ts';
import { bindingUpdate } from './relay-writes.ts';
import { RoomRegistry, TooManyDocsError } from './room-registry.ts';
import { MessageRate } from './message-rate.ts';
import { InboxKeeper, type InboxDirectory } from './inbox-keeper.ts';
import { SegmentKeeper } from './segment-keeper.ts';

export const SYNC_PATH_PREFIX = '/sync/';

interface Owner {
  /** null for updates the relay writes itself. */
  conn: Connection | null;
  room: Room<Connection>;
  /** framesReceived of the connection when this update was submitted. */
  frame: number;
  /** clientIDs this update binds to the connection's user. */
  bound: readonly number[];
  /** Ids of the messages this update creates. */
  created: readonly string[];
  /** For the relay's own updates: called once committed and applied, or failed. */
  done?: (error?: unknown) => void;
}

type SyncConfig = Pick<
  Config,
  | 'MAX_FRAME_BYTES'
  | 'EVICT_GRACE_MS'
  | 'MAX_LOADED_DOCS'
  | 'COMPACT_AFTER_UPDATES'
  | 'COMPACT_AFTER_BYTES'
  | 'COMPACT_MIN_INTERVAL_MS'
  | 'MAX_BUFFERED_BYTES'
  | 'PING_INTERVAL_MS'
  | 'COMMIT_WINDOW_MS'
  | 'MESSAGE_RATE_PER_10S'
  | 'UPDATE_RATE_PER_10S'
  | 'UPDATE_BYTES_PER_10S'
  | 'MAX_CONNECTIONS_PER_USER'
  | 'INBOX_FLUSH_MS'
>;

export class SyncService {
  readonly rooms: RoomRegistry<Connection>;
  readonly #queue: CommitQueue<Owner>;
  readonly #wss: WebSocketServer;
  readonly #connections = new Set<Connection>();
  readonly #log: Logger;
  readonly #pingTimer: NodeJS.Timeout;
  /** What every Connection gets from the service: logging, limits and the way into the commit. */
  readonly #context: ConnectionContext;
  readonly #idPrefix = randomBytes(3).toString('hex');
  #nextId = 0;
  #accepting = true;

  readonly #access: AccessPolicy;
  readonly #segments: SegmentKeeper<Connection>;
  readonly #inbox: InboxKeeper<Connection>;
  readonly #messageRate: MessageRate;
  readonly #updateRate: MessageRate;
  readonly #byteRate: MessageRate;
  readonly #maxConnectionsPerUser: number;
  /** Open connections per user, to enforce MAX_CONNECTIONS_PER_USER. */
  readonly #perUser = new Map<string, number>();

  /** Called when a user's last connection to this relay closes: the moment they were last seen. */
  onUserOffline: (userId: string) => void = () => {};

  constructor(store: UpdateStore, config: SyncConfig, log: Logger, access: AccessPolicy, directory: InboxDirectory) {
    this.#log = log;
    this.#access = access;
    this.#messageRate = new MessageRate(config.MESSAGE_RATE_PER_10S, 10_000);
    this.#updateRate = new MessageRate(config.UPDATE_RATE_PER_10S, 10_000);
    this.#byteRate = new MessageRate(config.UPDATE_BYTES_PER_10S, 10_000);
    this.#maxConnectionsPerUser = config.MAX_CONNECTIONS_PER_USER;
    this.rooms = new RoomRegistry<Connection>({
      store,
      log,
      evictGraceMs: config.EVICT_GRACE_MS,
      maxLoadedDocs: config.MAX_LOADED_DOCS,
      compactAfterUpdates: config.COMPACT_AFTER_UPDATES,
      compactAfterBytes: config.COMPACT_AFTER_BYTES,
      compactMinIntervalMs: config.COMPACT_MIN_INTERVAL_MS,
    });
    this.#queue = new CommitQueue<Owner>({
      store,
      onCommitted: (result) => this.#onCommitted(result),
      onFailed: (entries, error) => this.#onCommitFailed(entries, error),
      windowMs: config.COMMIT_WINDOW_MS,
    });
    // perMessageDeflate stays off: compressing per recipient would undo encode-once broadcasting.
    // clientTracking off: the service keeps its own connection set.
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: config.MAX_FRAME_BYTES, perMessageDeflate: false, clientTracking: false });
    this.#segments = new SegmentKeeper({ rooms: this.rooms, commit: (room, update) => this.#commitAsRelay(room, update), log });
    this.#inbox = new InboxKeeper({ rooms: this.rooms, commit: (room, update) => this.#commitAsRelay(room, update), directory, log, flushMs: config.INBOX_FLUSH_MS });
    this.#pingTimer = setInterval(() => this.#pingAll(), config.PING_INTERVAL_MS).unref();
    this.#context = {
      log,
      maxBufferedBytes: config.MAX_BUFFERED_BYTES,
      submit: (conn, data, newClients, created) => {
        const room = conn.room!;
        room.pendingCommits++;
        if (newClients.length > 0) {
          // The binding travels in the same row as the update that needs it: both or neither.
          const userId = conn.identity!.userId;
          const binding = bindingUpdate(room.doc, newClients, userId);
          for (const client of newClients) room.bindings().set(client, userId);
          data = data ? Y.mergeUpdates([binding, data]) : binding;
        }
        this.#queue.enqueue({ doc: room.name, lane: `${room.name} ${conn.identity?.userId ?? conn.id}`, data, owner: { conn, room, frame: conn.framesReceived, bound: newClients, created } });
      },
      takeMessages: (userId, count) => this.#messageRate.take(userId, count),
      takeUpdate: (userId, bytes) => Math.max(this.#updateRate.take(userId, 1), this.#byteRate.take(userId, bytes)),
      updateWait: (userId) => this.#updateWait(userId),
    };
  }

  isOnline(userId: string): boolean {
    return this.#perUser.has(userId);
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  #updateWait(userId: string): number {
    return Math.max(this.#updateRate.waitFor(userId), this.#byteRate.waitFor(userId));
  }

  /** Handles an HTTP upgrade request for /sync/<doc>. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!this.#accepting) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    // A user over the update rate is turned away before the upgrade: a refused handshake makes a
    // stock provider back off (up to its maximum), where an accepted-then-closed socket has it
    // reconnect at once, again and again. The token's subject is read unverified, which is
    // enough to refuse (never to admit): a forged one only turns its sender away.
    const url = new URL(request.url ?? '/', 'http://relay');
    const userId = unverifiedSubject(url.searchParams.get('token'));
    const wait = userId === undefined ? 0 : this.#updateWait(userId);
    if (wait > 0) {
      this.#log.debug({ userId, waitMs: wait }, 'upgrade refused: over the update rate');
      socket.end(`HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${Math.ceil(wait / 1000)}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, url));
  }

  #accept(ws: WebSocket, url: URL): void {
    const connId = `${this.#idPrefix}-${(this.#nextId++).toString(36)}`;
    const name = docNameFromPath(url.pathname, SYNC_PATH_PREFIX);
    if (!name.ok) {
      this.#log.warn({ connId, path: url.pathname, reason: name.error }, 'rejected connection');
      ws.close(CloseCode.invalidDocName, name.error.slice(0, 120));
      return;
    }
    const conn = new Connection(connId, ws, name.name, url.searchParams.get('acks') === '1', this.#context);
    this.#connections.add(conn);
    this.#log.debug({ connId, doc: name.name }, 'connection opened');
    const token = url.searchParams.get('token') ?? undefined;

    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return conn.close(CloseCode.unsupportedMessage, 'Text frames are not supported');
      conn.receive(data);
    });
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('error', (error) => {
      // ws closes the socket itself (1009 for oversized frames, 1002 for protocol violations).
      this.#log.warn({ connId, doc: conn.docName, err: error.message, code: (error as { code?: string }).code }, 'websocket error');
    });
    ws.on('close', (code) => this.#onClose(conn, code));

    this.#access
      .admit(token, name.name)
      .then((admission) => {
        if (!admission.ok) {
          this.#log.info({ connId, doc: name.name, code: admission.code }, `connection refused: ${admission.message}`);
          conn.send(encodePermissionDenied(admission.code, admission.message));
          conn.close(admission.closeCode, admission.message.slice(0, 120));
          return;
        }
        if (ws.readyState !== ws.OPEN) return;
        const userId = admission.identity?.userId;
        if (userId !== undefined) {
          const open = this.#perUser.get(userId) ?? 0;
          if (open >= this.#maxConnectionsPerUser) {
            const message = `At most ${this.#maxConnectionsPerUser} connections per user; close some tabs or devices`;
            conn.send(encodePermissionDenied('too_many_connections', message));
            conn.close(CloseCode.overloaded, message);
            return;
          }
          this.#perUser.set(userId, open + 1);
        }
        conn.identity = admission.identity;
        conn.doc = admission.doc;
        this.#join(conn, ws, name.name);
      })
      .catch((error: unknown) => {
        this.#log.error({ err: error, connId, doc: name.name }, 'access check failed');
        conn.close(CloseCode.storageFailed, 'Access could not be checked; retry');
      });
  }

  #join(conn: Connection, ws: WebSocket, name: string): void {
    const connId = conn.id;
    const doc = conn.doc;
    const listed = doc?.kind === 'segment' ? this.#segments.isListed(doc.conversationId, doc.index) : Promise.resolve(true);
    listed.then(
      (isListed) => {
        if (isListed) return this.#open(conn, ws, name);
        conn.deny('not_found', `This conversation has no segment ${doc?.kind === 'segment' ? doc.index : ''}; its head lists the ones it has`, CloseCode.notFound);
      },
      (error: unknown) => {
        if (error instanceof TooManyDocsError) return conn.close(CloseCode.overloaded, error.message);
        this.#log.error({ err: error, connId, doc: name }, 'segment list could not be read');
        conn.close(CloseCode.storageFailed, 'Document could not be loaded; retry');
      },
    );
  }

  #open(conn: Connection, ws: WebSocket, name: string): void {
    const connId = conn.id;
    this.rooms.acquire(name).then(
      async (room) => {
        try {
          await this.#segments.ensureHead(room);
        } catch (error) {
          this.#log.error({ err: error, connId, doc: name }, 'head document could not be prepared');
          conn.close(CloseCode.storageFailed, 'Document could not be loaded; retry');
          this.rooms.releaseIfIdle(room);
          return;
        }
        if (ws.readyState !== ws.OPEN) {
          this.rooms.releaseIfIdle(room);
          return;
        }
        conn.attach(room);
      },
      (error: unknown) => {
        if (error instanceof TooManyDocsError) return conn.close(CloseCode.overloaded, error.message);
        this.#log.error({ err: error, connId, doc: name }, 'doc load failed');
        conn.close(CloseCode.storageFailed, 'Document could not be loaded; retry');
      },
    );
  }

  #onClose(conn: Connection, code: number): void {
    this.#connections.delete(conn);
    const userId = conn.identity?.userId;
    if (userId !== undefined) {
      const open = (this.#perUser.get(userId) ?? 1) - 1;
      if (open > 0) this.#perUser.set(userId, open);
      else {
        this.#perUser.delete(userId);
        this.onUserOffline(userId);
      }
    }
    this.#log.debug({ connId: conn.id, doc: conn.docName, code }, 'connection closed');
    const room = conn.room;
    if (!room) return;
    room.removeMember(conn);
    this.rooms.releaseIfIdle(room);
  }

  #onCommitted({ entries, heads }: CommitResult<Owner>): void {
    const byRoom = new Map<Room<Connection>, PendingUpdate<Owner>[]>();
    for (const entry of entries) {
      const list = byRoom.get(entry.owner.room);
      if (list) list.push(entry);
      else byRoom.set(entry.owner.room, [entry]);
    }
    for (const [room, roomEntries] of byRoom) {
      try {
        this.#publish(room, roomEntries, heads.get(room.name));
      } catch (error) {
        this.#log.error({ err: error, doc: room.name }, 'publishing committed updates failed');
      }
    }
  }

  /** Applies a room's committed updates, sends them to its members once merged, and acks senders. */
  #publish(room: Room<Connection>, entries: PendingUpdate<Owner>[], headSeq: number | undefined): void {
    if (headSeq !== undefined) room.headSeq = headSeq;
    const updates: Uint8Array[] = [];
    let bytes = 0;
    for (const entry of entries) {
      if (entry.data === null) continue;
      updates.push(entry.data);
      bytes += entry.data.byteLength;
    }
    if (updates.length > 0) {
      // Applied one by one so that an update Yjs refuses cannot take its batch-mates down with it.
      Y.transact(room.doc, () => {
        for (const update of updates) {
          try {
            Y.applyUpdate(room.doc, update, this);
            room.mirrorCommitted(update);
          } catch (error) {
            this.#log.error({ err: error, doc: room.name }, 'committed update could not be applied');
          }
        }
      }, this);
      const merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
      // The sender gets its own update back only when it carries something new to it: a binding.
      const first = entries[0]!.owner.conn ?? undefined;
      const singleSender = entries.every(({ owner }) => owner.conn === first && owner.bound.length === 0) ? first : undefined;
      room.broadcast(encodeSyncUpdate(merged), singleSender);
      room.updatesSinceSnapshot += updates.length;
      room.bytesSinceSnapshot += bytes;
      room.approximateBytes += bytes;
      this.rooms.compactIfDue(room);
      this.#segments.afterCommit(room);
      const created = entries.flatMap(({ owner }) => owner.created);
      if (created.length > 0) this.#inbox.messagesCommitted(room, created);
      if (entries.some(({ owner }) => owner.conn !== null)) this.#inbox.inboxCommitted(room);
    }
    for (const { owner } of entries) {
      if (owner.conn?.wantsAcks) owner.conn.acknowledge(owner.frame);
      owner.done?.();
    }
    room.commitsEnded(entries.length);
    this.rooms.releaseIfIdle(room);
  }

  #onCommitFailed(entries: PendingUpdate<Owner>[], error: unknown): void {
    this.#log.error({ err: error, updates: entries.length }, 'commit failed; closing the senders so they resend');
    for (const entry of entries) {
      const { room, conn, bound, done } = entry.owner;
      // Not stored: the clientIDs are free again, so the resent update binds them once more.
      for (const client of bound) room.bindings().delete(client);
      conn?.close(CloseCode.storageFailed, 'Update could not be stored; reconnect to resend');
      if (!conn) room.dropRelayWriter();
      done?.(error);
      room.commitsEnded(1);
    }
    for (const entry of entries) this.rooms.releaseIfIdle(entry.owner.room);
  }

  #commitAsRelay(room: Room<Connection>, update: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      room.pendingCommits++;
      const done = (error?: unknown): void => (error === undefined ? resolve() : reject(error));
      this.#queue.enqueue({ doc: room.name, lane: room.name, data: update, owner: { conn: null, room, frame: 0, bound: [], created: [], done } });
    });
  }

  /**
   * Applies a conversation change to live connections: a user who left or was removed or banned
   * is disconnected from the conversation's documents at once; a new role applies to the next
   * update. Members' inboxes hear of every change.
   */
  conversationChanged(change: ConversationChange): void {
    const { conversationId } = change;
    if (change.kind === 'settings') {
      this.#inbox.conversationChanged(conversationId);
      return;
    }
    const { userId, role } = change;
    if (change.kind === 'role') this.#inbox.conversationChanged(conversationId);
    else {
      this.#inbox.membershipChanged(conversationId, userId, role !== null).catch((error: unknown) =>
        this.#log.error({ err: error, conversationId, userId }, 'updating the inbox entry failed'),
      );
    }
    for (const conn of this.#connections) {
      if (conn.identity?.userId !== userId || !conn.doc || conn.doc.kind === 'inbox') continue;
      if (conn.doc.conversationId !== conversationId) continue;
      if (role === null) conn.deny('not_a_member', 'You are no longer a member of this conversation');
      else conn.identity.role = role;
    }
  }

  /** Closes the connections of sessions that were signed out (logout, password change). */
  sessionsEnded(sessionIds: ReadonlySet<string>): void {
    for (const conn of this.#connections) {
      const sessionId = conn.identity?.sessionId;
      if (sessionId === undefined || !sessionIds.has(sessionId)) continue;
      // Signing out is the user's own act, not a refused update: logged as info, not as a warning.
      this.#log.info({ connId: conn.id, userId: conn.identity?.userId }, 'session signed out; closing its connection');
      conn.end('token_revoked', SESSION_ENDED, CloseCode.unauthorized);
    }
  }

  #pingAll(): void {
    this.#messageRate.sweep();
    this.#updateRate.sweep();
    this.#byteRate.sweep();
    for (const conn of this.#connections) {
      if (conn.ws.readyState !== conn.ws.OPEN) continue;
      if (!conn.alive) {
        this.#log.info({ connId: conn.id, doc: conn.docName }, 'terminating unresponsive connection');
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }

  /**
   * Graceful stop: refuse new sockets, commit what was accepted, close everyone with 1012 while
   * still reading what they sent before our close frame, commit that too, then compact idle docs.
   */
  async shutdown(timeoutMs: number): Promise<void> {
    this.#accepting = false;
    clearInterval(this.#pingTimer);
    await this.#untilDeadline(this.#inbox.flushAll(), performance.now() + timeoutMs, 'inbox updates');
    const deadline = performance.now() + timeoutMs;
    await this.#untilDeadline(this.#queue.drain(), deadline, 'commits');
    const closed = [...this.#connections].map((conn) => new Promise<void>((resolve) => conn.ws.once('close', () => resolve())));
    for (const conn of this.#connections) conn.close(CloseCode.restarting, 'Server restarting', true);
    await this.#untilDeadline(Promise.all(closed), deadline, 'clients to close');
    for (const conn of this.#connections) conn.ws.terminate();
    await this.#untilDeadline(this.#queue.drain(), deadline, 'commits');
    await this.rooms.evictIdle();
    this.#wss.close();
  }

  async #untilDeadline(work: Promise<unknown>, deadline: number, what: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.#log.error({ pending: this.#queue.size, waitingFor: what }, 'shutdown timed out');
        resolve();
      }, Math.max(0, deadline - performance.now()));
    });
    await Promise.race([work, timedOut]);
    clearTimeout(timer);
  }

}
