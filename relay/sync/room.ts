// One loaded document: its Y.Doc (holding only committed state), its awareness and its clients.
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { clientBindings } from '../../model/authors.ts';
import { parseDocName, type DocName } from '../../model/doc-names.ts';
import { MAX_AWARENESS_CLAIMS_PER_USER } from '../authz/awareness-stamp.ts';
import { encodeAwareness } from '../../protocol/sync-messages.ts';
import { prepareFrame } from './prepared-frame.ts';
import { RelayWriter } from './relay-writes.ts';

/** What a room needs from a connection; keeps room.ts free of socket details. */
export interface RoomMember {
  send(frame: Uint8Array): void;
  /** Sends a frame already framed for WebSocket by prepareFrame (shared by all recipients). */
  sendPrepared(frame: Buffer): void;
  /** Awareness clientIDs this connection has published; removed when it leaves. */
  readonly awarenessIds: Set<number>;
}

/** What the store said about a document when it was loaded. */
export interface StoredLog {
  headSeq: number;
  /** Stored bytes of the document (snapshot plus updates). */
  bytes: number;
  updatesSinceSnapshot: number;
  bytesSinceSnapshot: number;
}

export class Room<Member extends RoomMember = RoomMember> {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly members = new Set<Member>();
  /** What the document is, when its name is one of Parley's (always, unless INSECURE_NO_AUTH). */
  readonly docName: DocName | undefined;
  #headSeq: number;
  /** Grown by every commit; compaction makes it an overestimate. */
  #storedBytes: number;
  #updatesSinceSnapshot: number;
  #bytesSinceSnapshot: number;
  /** Updates of this room waiting in the commit queue; the room is not evicted while any are. */
  #pendingCommits = 0;
  /** clientID → user, from the doc's `clients` map plus bindings still being committed. */
  #bindings: Map<number, string> | null = null;
  #onCommitEnded: (() => void)[] = [];
  #relayWriter: RelayWriter | null = null;
  /** Which user publishes awareness for a clientID not bound by an update yet: the first to use it. */
  readonly #awarenessUsers = new Map<number, string>();

  constructor(
    readonly name: string,
    stored: StoredLog = { headSeq: 0, bytes: 0, updatesSinceSnapshot: 0, bytesSinceSnapshot: 0 },
  ) {
    this.docName = parseDocName(name);
    this.#headSeq = stored.headSeq;
    this.#storedBytes = stored.bytes;
    this.#updatesSinceSnapshot = stored.updatesSinceSnapshot;
    this.#bytesSinceSnapshot = stored.bytesSinceSnapshot;
    // The relay is not a participant: it publishes no awareness state of its own.
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.#onAwarenessUpdate);
  }

  /** The sequence number of the newest update applied to `doc`: the doc holds exactly the log up to it. */
  get headSeq(): number {
    return this.#headSeq;
  }

  get storedBytes(): number {
    return this.#storedBytes;
  }

  /** The log written since the last snapshot, which compaction folds. */
  get sinceSnapshot(): { updates: number; bytes: number } {
    return { updates: this.#updatesSinceSnapshot, bytes: this.#bytesSinceSnapshot };
  }

  get pendingCommits(): number {
    return this.#pendingCommits;
  }

  /** An update of this room entered the commit queue. */
  beginCommit(): void {
    this.#pendingCommits++;
  }

  /** Committed updates were applied to `doc`; `headSeq` is the store's sequence for them. */
  recordCommitted(headSeq: number | undefined, updates: number, bytes: number): void {
    if (headSeq !== undefined) this.#headSeq = headSeq;
    this.#updatesSinceSnapshot += updates;
    this.#bytesSinceSnapshot += bytes;
    this.#storedBytes += bytes;
  }

  /** A snapshot folded this much of the log (updates committed meanwhile stay counted). */
  recordSnapshot(folded: { updates: number; bytes: number }): void {
    this.#updatesSinceSnapshot -= folded.updates;
    this.#bytesSinceSnapshot -= folded.bytes;
  }

  broadcast(message: Uint8Array, except?: Member): void {
    if (this.members.size === 0 || (this.members.size === 1 && except !== undefined && this.members.has(except))) return;
    const frame = prepareFrame(message);
    for (const member of this.members) if (member !== except) member.sendPrepared(frame);
  }

  /** The full awareness state as one frame, or null when nobody has published any. */
  awarenessFrame(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()];
    if (ids.length === 0) return null;
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
  }

  /** The update the relay's `write` makes on this (small) document, not yet committed. */
  writeAsRelay(write: (doc: Y.Doc) => void): Uint8Array {
    this.#relayWriter ??= new RelayWriter(this.doc);
    return this.#relayWriter.write(write);
  }

  /** Keeps the relay's writer in step with committed updates. */
  mirrorCommitted(update: Uint8Array): void {
    this.#relayWriter?.mirror(update);
  }

  /** A relay write failed to commit: the writer is rebuilt from the committed doc next time. */
  dropRelayWriter(): void {
    this.#relayWriter?.destroy();
    this.#relayWriter = null;
  }

  bindings(): Map<number, string> {
    if (!this.#bindings) {
      this.#bindings = new Map();
      for (const [key, userId] of clientBindings(this.doc).entries()) {
        if (typeof userId === 'string') this.#bindings.set(Number(key), userId);
      }
    }
    return this.#bindings;
  }

  /**
   * Whether `userId` may publish awareness for `clientID`: it is bound to them in this document,
   * or unbound and not published by anyone else yet (then it becomes theirs for as long as the
   * room is loaded, across reconnects). Only a state claims: a removal (`claims` false) is what
   * other members' stock providers echo when a peer drops, and must not take the peer's clientID.
   */
  claimAwareness(clientID: number, userId: string, claims: boolean): boolean {
    const owner = this.ownerOf(clientID);
    if (owner !== undefined) return owner === userId;
    if (!claims || this.#liveClaims(userId) >= MAX_AWARENESS_CLAIMS_PER_USER) return false;
    this.#awarenessUsers.set(clientID, userId);
    return true;
  }

  /** clientIDs `userId` claimed that still have a state here (old tabs' time out). Runs only on a new claim. */
  #liveClaims(userId: string): number {
    let count = 0;
    for (const [clientID, owner] of this.#awarenessUsers) if (owner === userId && this.awareness.states.has(clientID)) count++;
    return count;
  }

  /** The user a clientID belongs to in this room: bound by a write, or claimed in awareness. */
  ownerOf(clientID: number): string | undefined {
    return this.bindings().get(clientID) ?? this.#awarenessUsers.get(clientID);
  }

  /**
   * Runs `callback` once the next of this room's pending commits ended (at once, if none is
   * pending): an update waiting for content is decided again as soon as content may have come,
   * not only when the room is idle, which a busy room never is.
   */
  afterNextCommit(callback: () => void): void {
    if (this.#pendingCommits === 0) queueMicrotask(callback);
    else this.#onCommitEnded.push(callback);
  }

  /** Records that `count` of this room's pending commits ended, committed or failed. */
  commitsEnded(count: number): void {
    this.#pendingCommits -= count;
    if (this.#onCommitEnded.length === 0) return;
    const callbacks = this.#onCommitEnded;
    this.#onCommitEnded = [];
    for (const callback of callbacks) callback();
  }

  /** No members and nothing left to commit: the registry may evict it. */
  get idle(): boolean {
    return this.members.size === 0 && this.#pendingCommits === 0;
  }

  removeMember(member: Member): void {
    this.members.delete(member);
    if (member.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...member.awarenessIds], 'disconnect');
    }
  }

  destroy(): void {
    this.dropRelayWriter();
    this.awareness.off('update', this.#onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  // applyAwarenessUpdate emits 'update' only for entries newer than what the room has, so
  // re-sent (echoed) states stop here instead of being relayed again.
  #onAwarenessUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    const changed = added.concat(updated, removed);
    const sender = this.#memberOf(origin);
    if (sender) {
      for (const id of added) sender.awarenessIds.add(id);
      for (const id of updated) sender.awarenessIds.add(id);
      for (const id of removed) sender.awarenessIds.delete(id);
    }
    const frame = encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    this.broadcast(frame, sender);
  };

  #memberOf(origin: unknown): Member | undefined {
    return this.members.has(origin as Member) ? (origin as Member) : undefined;
  }
}
