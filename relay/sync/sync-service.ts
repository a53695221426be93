// The sync core: takes WebSocket upgrades through admission, loads the room, attaches the
// connection, and applies what happens to users (removal, sign-out) to their live connections.
// Commits go through the CommitPipeline; features register SyncHooks on `hooks` and are never
// called from here by name.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { UpdateStore } from '../../persistence/update-store.ts';
import { CloseCode } from '../../protocol/close-codes.ts';
import { encodePermissionDenied } from '../../protocol/sync-messages.ts';
import type { ConversationChange } from '../conversations/conversation-events.ts';
import type { Config } from '../config.ts';
import type { AccessPolicy } from './access.ts';
import { Admission, selectedProtocol, type Refusal } from './admission.ts';
import { CommitPipeline } from './commit-pipeline.ts';
import { Connection, type ConnectionContext } from './connection.ts';
import { HookList } from './hooks.ts';
import { LiveConnections } from './live-connections.ts';
import { RoomRegistry, TooManyDocsError } from './room-registry.ts';
import { UserLimits, type UserLimitsConfig } from './user-limits.ts';
import { untilDeadline } from './deadline.ts';

type SyncConfig = UserLimitsConfig &
  Pick<Config, 'MAX_FRAME_BYTES' | 'EVICT_GRACE_MS' | 'MAX_LOADED_DOCS' | 'MAX_BUFFERED_BYTES' | 'PING_INTERVAL_MS' | 'COMMIT_WINDOW_MS'>;

export class SyncService {
  readonly hooks: HookList;
  readonly rooms: RoomRegistry<Connection>;
  readonly commits: CommitPipeline;
  readonly #admission: Admission;
  readonly #limits: UserLimits;
  readonly #wss: WebSocketServer;
  /** Everyone connected: hooks reach users' live connections through it. */
  readonly connections: LiveConnections;
  readonly #log: Logger;
  readonly #pingTimer: NodeJS.Timeout;
  readonly #context: ConnectionContext;
  readonly #idPrefix = randomBytes(3).toString('hex');
  #nextId = 0;
  #accepting = true;

  constructor(store: UpdateStore, config: SyncConfig, log: Logger, access: AccessPolicy) {
    this.#log = log;
    this.connections = new LiveConnections(log);
    this.hooks = new HookList(log);
    this.#limits = new UserLimits(config);
    this.#admission = new Admission({ access, limits: this.#limits, hooks: this.hooks, log });
    this.rooms = new RoomRegistry<Connection>({
      store,
      log,
      hooks: this.hooks,
      evictGraceMs: config.EVICT_GRACE_MS,
      maxLoadedDocs: config.MAX_LOADED_DOCS,
    });
    this.commits = new CommitPipeline({ store, rooms: this.rooms, hooks: this.hooks, log, windowMs: config.COMMIT_WINDOW_MS });
    // perMessageDeflate stays off: compressing per recipient would undo encode-once broadcasting;
    // clientTracking off: the service keeps its own connection set; the token's protocol never echoes.
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: config.MAX_FRAME_BYTES,
      perMessageDeflate: false,
      clientTracking: false,
      handleProtocols: selectedProtocol,
    });
    this.#pingTimer = setInterval(() => this.#pingAll(), config.PING_INTERVAL_MS).unref();
    this.#context = {
      log,
      maxBufferedBytes: config.MAX_BUFFERED_BYTES,
      limits: this.#limits,
      submit: (conn, room, accepted) => this.commits.submit(conn, room, accepted),
    };
  }

  isOnline(userId: string): boolean {
    return this.#limits.isOnline(userId);
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Handles an HTTP upgrade request for /sync/<doc>. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!this.#accepting) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const url = new URL(request.url ?? '/', 'http://relay');
    const upgrade = this.#admission.upgrade(request.headers, url);
    if ('refusal' in upgrade) return void socket.end(upgrade.refusal);
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, url, upgrade.token));
  }

  #accept(ws: WebSocket, url: URL, token: string | undefined): void {
    const connId = `${this.#idPrefix}-${(this.#nextId++).toString(36)}`;
    const named = this.#admission.nameOf(url, connId);
    if (!named.ok) return ws.close(named.refusal.closeCode, named.refusal.reason);
    const { name } = named;
    const conn = new Connection(connId, ws, name, url.searchParams.get('acks') === '1', this.#context);
    this.connections.add(conn);
    this.#log.debug({ connId, doc: name }, 'connection opened');
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return conn.close(CloseCode.unsupportedMessage, 'Text frames are not supported');
      conn.receive(data);
    });
    ws.on('pong', () => conn.heard());
    ws.on('error', (error) => {
      // ws closes the socket itself (1009 for oversized frames, 1002 for protocol violations).
      this.#log.warn({ connId, doc: name, err: error.message, code: (error as { code?: string }).code }, 'websocket error');
    });
    ws.on('close', (code) => this.#onClose(conn, code));
    void this.#admission.admit(token, name, connId).then((result) => {
      if (!result.ok) return this.#refuse(conn, result.refusal);
      if (ws.readyState !== ws.OPEN) return;
      const refusal = this.#admission.enter(result.admitted.identity, connId, name);
      if (refusal) return this.#refuse(conn, refusal);
      conn.admit(result.admitted);
      this.#open(conn, name);
    });
  }

  #refuse(conn: Connection, { denial, closeCode, reason }: Refusal): void {
    if (denial) conn.send(encodePermissionDenied(denial));
    conn.close(closeCode, reason);
  }

  #open(conn: Connection, name: string): void {
    const failed = (error: unknown, what: string): void => {
      if (error instanceof TooManyDocsError) return conn.close(CloseCode.overloaded, error.message);
      this.#log.error({ err: error, connId: conn.id, doc: name }, what);
      conn.close(CloseCode.storageFailed, 'Document could not be loaded; retry');
    };
    this.rooms.acquire(name).then(
      async (room) => {
        try {
          await this.hooks.beforeJoin(room);
        } catch (error) {
          failed(error, 'document could not be prepared');
          this.rooms.releaseIfIdle(room);
          return;
        }
        if (conn.ws.readyState !== conn.ws.OPEN) return this.rooms.releaseIfIdle(room);
        conn.attach(room);
      },
      (error: unknown) => failed(error, 'doc load failed'),
    );
  }

  #onClose(conn: Connection, code: number): void {
    this.connections.delete(conn);
    this.#admission.leave(conn.identity);
    this.#log.debug({ connId: conn.id, doc: conn.docName, code }, 'connection closed');
    const room = conn.room;
    if (!room) return;
    room.removeMember(conn);
    this.rooms.releaseIfIdle(room);
  }

  /** Applies a conversation change to live connections, then the hooks hear of it. */
  conversationChanged(change: ConversationChange): void {
    if (change.kind !== 'settings') this.connections.applyMembership(change);
    this.hooks.conversationChanged(change);
  }

  /** Closes the connections of sessions that were signed out (logout, password change). */
  sessionsEnded(sessionIds: ReadonlySet<string>): void {
    this.connections.endSessions(sessionIds);
  }

  #pingAll(): void {
    this.#limits.sweep();
    for (const conn of this.connections) conn.keepAlive();
  }

  /**
   * Graceful stop: refuse new sockets, let hooks flush, commit what was accepted, close everyone
   * with 1012 while still reading what they sent before our close frame, commit that too, then
   * evict idle docs (hooks compact them).
   */
  async shutdown(timeoutMs: number): Promise<void> {
    this.#accepting = false;
    clearInterval(this.#pingTimer);
    await this.#untilDeadline(this.hooks.flush(), performance.now() + timeoutMs, 'hooks to flush');
    const deadline = performance.now() + timeoutMs;
    await this.#untilDeadline(this.commits.drain(), deadline, 'commits');
    const closed = [...this.connections].map((conn) => new Promise<void>((resolve) => conn.ws.once('close', () => resolve())));
    for (const conn of this.connections) conn.close(CloseCode.restarting, 'Server restarting', true);
    await this.#untilDeadline(Promise.all(closed), deadline, 'clients to close');
    for (const conn of this.connections) conn.ws.terminate();
    await this.#untilDeadline(this.commits.drain(), deadline, 'commits');
    await this.rooms.evictIdle();
    this.#wss.close();
  }

  #untilDeadline(work: Promise<unknown>, deadline: number, what: string): Promise<void> {
    return untilDeadline(work, deadline, () => this.#log.error({ pending: this.commits.size, waitingFor: what }, 'shutdown timed out'));
  }
}
