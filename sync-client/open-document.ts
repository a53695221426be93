// Opens one document: local IndexedDB copy first, then the relay, reconnecting with jittered
// backoff. The stock provider does the sync protocol; this module owns when it (re)connects.
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { closeAction, CloseCode } from '#protocol/close-codes.ts';
import type { Denial } from '#protocol/denials.ts';
import { tokenProtocols } from '#protocol/sync-auth.ts';
import { MessageType, readPermissionDenied, SYNC_PATH } from '#protocol/sync-messages.ts';
import { createBackoff } from './backoff.ts';
import { rememberStored } from './stored-persistence.ts';
import { StoredTracker } from './stored-tracker.ts';

/** `denial`: why the relay refused, when it said so before closing (not for a lost token or a foreign server). */
export interface StoppedStatus {
  state: 'stopped';
  code: number;
  reason: string;
  denial: Denial | null;
}

export type ConnectionStatus = { state: 'offline' } | { state: 'connecting' } | { state: 'online' } | StoppedStatus;

export interface OpenOptions {
  name: string;
  /** The relay's base URL, e.g. `wss://chat.example`; documents live under `/sync/<name>`. */
  relayUrl: string;
  token?: string;
  /**
   * Called before every (re)connect for the token to send, so a long-lived document never
   * reconnects with an expired one. After the relay refused a token (close `unauthorized`) it gets that
   * token back as `rejected` and must return a fresh one; throwing stops the document.
   */
  getToken?: (rejected?: string) => Promise<string>;
  WebSocketPolyfill?: typeof WebSocket;
  persist: boolean;
  /** Jitter source for reconnect delays. */
  random?: () => number;
}

export interface OpenedDocument {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** What the relay has durably stored of this doc. */
  stored: StoredTracker;
  readonly status: ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /** Resolves at the first sync with the relay. */
  whenSynced: Promise<void>;
  close(): Promise<void>;
}

export async function openDocument(options: OpenOptions): Promise<OpenedDocument> {
  const doc = new Y.Doc();
  const persistence = options.persist ? new IndexeddbPersistence(options.name, doc) : undefined;
  if (persistence) await persistence.whenSynced;

  const stored = new StoredTracker(doc);
  const remembered = persistence ? await rememberStored(persistence, stored) : undefined;
  const provider = new WebsocketProvider(`${options.relayUrl}${SYNC_PATH}`, options.name, doc, {
    connect: false,
    // The token rides in the subprotocols, out of the URL that browsers print and proxies log.
    params: { acks: '1' },
    protocols: options.token ? tokenProtocols(options.token) : [],
    WebSocketPolyfill: stored.wrap(options.WebSocketPolyfill ?? WebSocket),
    // Another tab's content arriving over BroadcastChannel would sit in this doc's state vector
    // and be counted as stored by this connection's acks; each tab syncs through the relay.
    disableBc: true,
  });
  stored.attach(provider);
  // The relay says why it refuses right before it closes; the close code alone cannot tell a
  // removal from a refused write. Replaces the stock handler, which only logs the reason.
  let denial: Denial | null = null;
  provider.messageHandlers[MessageType.auth] = (_encoder, decoder) => {
    denial = readPermissionDenied(decoder);
  };

  const backoff = createBackoff(options.random ? { random: options.random } : {});
  const listeners = new Set<(status: ConnectionStatus) => void>();
  // connectNow runs below: 'offline' only ever follows a failed attempt.
  let status: ConnectionStatus = { state: 'connecting' };
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let resolveSynced!: () => void;
  const whenSynced = new Promise<void>((resolve) => (resolveSynced = resolve));

  const setStatus = (next: ConnectionStatus) => {
    status = next;
    for (const listener of listeners) listener(next);
  };
  let sentToken = options.token;
  let rejectedToken: string | undefined;
  let fetchingToken = false;
  const connectNow = () => {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    if (closed || fetchingToken) return;
    if (!options.getToken) {
      provider.connect();
      return;
    }
    fetchingToken = true;
    options.getToken(rejectedToken).then(
      (token) => {
        fetchingToken = false;
        rejectedToken = undefined;
        if (closed) return;
        sentToken = token;
        provider.protocols = tokenProtocols(token);
        provider.connect();
      },
      (error: unknown) => {
        fetchingToken = false;
        if (!closed)
          setStatus({
            state: 'stopped',
            code: CloseCode.unauthorized,
            reason: error instanceof Error ? error.message : String(error),
            denial: null,
          });
      },
    );
  };

  provider.on('status', ({ status: providerStatus }) => {
    if (providerStatus === 'connecting') setStatus({ state: 'connecting' });
  });
  provider.on('sync', (synced) => {
    if (!synced) return;
    backoff.reset();
    setStatus({ state: 'online' });
    resolveSynced();
  });
  provider.on('connection-close', (event) => {
    // Turns off the provider's own reconnect (un-jittered, and blind to our close policy): its
    // timer re-checks shouldConnect. Same as provider.disconnect(), which cannot be called here
    // because provider.ws is still this socket and it would re-enter this close.
    provider.shouldConnect = false;
    const refusal = denial;
    denial = null;
    if (closed) return;
    // A null event is a local close (the provider's watchdog): the network, so retry.
    const action = event ? closeAction(event.code) : 'retry';
    if (action === 'refresh-token' && options.getToken) {
      rejectedToken = sentToken;
      setStatus({ state: 'offline' });
      retryTimer = setTimeout(connectNow, backoff.next());
      return;
    }
    if (event && action !== 'retry') {
      // Without getToken, 'refresh-token' stops too: there is no way to obtain a new token.
      setStatus({ state: 'stopped', code: event.code, reason: event.reason, denial: refusal });
      return;
    }
    setStatus({ state: 'offline' });
    retryTimer = setTimeout(connectNow, backoff.next());
  });

  // The browser knows the network is back: waiting out the backoff would only add latency.
  const onOnline = () => {
    if (status.state === 'offline') connectNow();
  };
  const target = typeof globalThis.addEventListener === 'function' ? globalThis : undefined;
  target?.addEventListener('online', onOnline);

  connectNow();
  return {
    doc,
    provider,
    stored,
    get status() {
      return status;
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    whenSynced,
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      target?.removeEventListener('online', onOnline);
      provider.destroy();
      await remembered?.close();
      await persistence?.destroy();
      listeners.clear();
    },
  };
}
