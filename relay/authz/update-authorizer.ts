// Decides whether one user may apply one Yjs update to one document, by decoding its structs and
// delete set and asking model/write-policy.ts about the place of every written or deleted item.
// It reads the room's committed doc only, never changes it, and reports which clientIDs the
// update uses for the first time so the relay can bind them to the writer in the same commit.
import * as Y from 'yjs';
import type { DocName } from '../../model/doc-names.ts';
import { MESSAGES_KEY, MessageField } from '../../model/schema.ts';
import {
  checkDelete,
  checkMapPlace,
  checkValue,
  checkWrite,
  type ItemPlace,
  type WriteDenial,
  type Writer,
} from '../../model/write-policy.ts';

export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

export type AuthzCode = WriteDenial['code'] | 'client_bound_to_other_user' | 'unresolved_reference';

export type AuthzResult =
  /**
   * `created`: ids of the messages the update creates (message rate, inbox activity); `changed`:
   * ids of other messages whose text or tombstone it writes (edits and deletes: inbox previews).
   */
  | { ok: true; newClients: number[]; created: string[]; changed: string[] }
  | { ok: false; code: AuthzCode; message: string }
  /** The update refers to items the room has not committed yet: decide again after the commit. */
  | { ok: 'wait' };

export interface AuthzInput {
  doc: Y.Doc;
  docName: DocName;
  update: DecodedUpdate;
  writer: Writer;
  /** clientID → user id, including bindings still waiting for their commit. */
  bindings: ReadonlyMap<number, string>;
  /** clientID → user who announced it in awareness before anyone wrote with it: theirs to bind. */
  announcedBy?: (client: number) => string | undefined;
  nowMs: number;
}

type Place = Omit<ItemPlace, 'client' | 'isType'>;
/** An item written under garbage-collected content: Yjs discards it on every replica. */
const DISCARDED = null;
/** Where an item lives: a root type by name, or inside the shared type an item holds. */
type Container = { root: string } | { item: Y.Item };

class Missing extends Error {}

export function authorizeUpdate({ doc, docName, update, writer, bindings, announcedBy, nowMs }: AuthzInput): AuthzResult {
  const newClients = new Set<number>();
  for (const struct of update.structs) {
    if (struct instanceof Y.Skip) continue;
    const client = struct.id.client;
    const bound = bindings.get(client);
    // Every client's first write is bound in the same commit, so a clientID with content in the
    // document but no binding is one of the relay's own writers: nobody else may extend it.
    const unclaimed = bound === undefined && !doc.store.clients.has(client);
    const announcer = unclaimed ? announcedBy?.(client) : undefined;
    if (unclaimed && (announcer === undefined || announcer === writer.userId)) newClients.add(client);
    else if (bound !== writer.userId) {
      return { ok: false, code: 'client_bound_to_other_user', message: `Yjs client ${client} belongs to another user in this document` };
    }
  }
  const authorOf = (client: number): string | undefined => (newClients.has(client) ? writer.userId : bindings.get(client));
  const resolver = new PlaceResolver(doc, update, authorOf);
  const created: string[] = [];
  const changed = new Set<string>();
  /** `messages/<id>/<field>` keys this update writes a value under. */
  const written = new Set<string>();
  /** Messages this update gives a clock. */
  const clocked = new Set<string>();
  try {
    resolver.requireContiguous();
    for (const struct of update.structs) {
      // Yjs skips a struct whose clocks the document already has: it changes nothing.
      if (!(struct instanceof Y.Item) || struct.id.clock + struct.length <= resolver.knownClock(struct.id.client)) continue;
      const place = resolver.placeOfNew(struct);
      if (place === DISCARDED) continue;
      const full: ItemPlace = { ...place, client: struct.id.client, isType: struct.content instanceof Y.ContentType };
      const denial = checkWrite(docName, full, writer) ?? checkContent(docName, full, struct.content, nowMs);
      if (denial) return { ok: false, ...denial };
      if (full.isType && full.path.length === 2 && full.path[0] === MESSAGES_KEY && typeof full.path[1] === 'string')
        created.push(full.path[1]);
      if (full.path.length === 3 && full.path[0] === MESSAGES_KEY) {
        written.add(full.path.join('/'));
        if (full.path[2] === MessageField.text || full.path[2] === MessageField.deleted) changed.add(full.path[1]!);
        if (full.path[2] === MessageField.hlc) {
          // A reader orders by the clock: written deleted, the message would have none.
          if (struct.content instanceof Y.ContentDeleted || Y.isDeleted(update.ds, struct.id)) return { ok: false, ...NO_CLOCK };
          clocked.add(full.path[1]!);
        }
      }
    }
    if (created.some((id) => !clocked.has(id))) return { ok: false, ...NO_CLOCK };
    for (const [client, ranges] of update.ds.clients) {
      for (const range of ranges) {
        const denial = resolver.checkDeletedRange(client, range.clock, range.len, (item, place) =>
          checkDelete(
            docName,
            { ...place, client: item.id.client, isType: item.content instanceof Y.ContentType },
            writer,
            written.has(place.path.join('/')),
          ),
        );
        if (denial) return { ok: false, ...denial };
      }
    }
  } catch (error) {
    if (error instanceof Missing) return { ok: 'wait' };
    throw error;
  }
  for (const id of created) changed.delete(id);
  return { ok: true, newClients: [...newClients], created, changed: [...changed] };
}

/**
 * What an item holds, judged as a reader will get it: every element of a plain value (a map key
 * reads the last one, so checking only the first lets anything through), shared types only as the
 * Y.Map the schema uses where it uses one, and no content type the schema never writes (legacy JSON, text, embeds,
 * formats, binaries, subdocuments). Deleted content holds nothing a reader sees.
 */
function checkContent(docName: DocName, place: ItemPlace, content: Y.Item['content'], nowMs: number): WriteDenial | undefined {
  if (content instanceof Y.ContentDeleted) return undefined;
  if (content instanceof Y.ContentAny) {
    for (const value of content.arr) {
      const denial = checkValue(docName, place, value, nowMs);
      if (denial) return denial;
    }
    return undefined;
  }
  if (content instanceof Y.ContentType && content.type instanceof Y.Map) return checkMapPlace(docName, place);
  return { code: 'unknown_structure', message: `Parley documents hold only maps and plain values, not ${content.constructor.name}` };
}

const NO_CLOCK: WriteDenial = { code: 'invalid_value', message: 'A message needs its clock (hlc) from the moment it is sent' };

/** The reason an update that still refers to unknown items after its room's commits is refused. */
export const UNRESOLVED: AuthzResult = {
  ok: false,
  code: 'unresolved_reference',
  message: 'The update refers to content the server does not have; reload the conversation',
};

class PlaceResolver {
  readonly #newPlaces = new Map<Y.Item, Place | typeof DISCARDED>();
  readonly #docPlaces = new Map<Y.Item, Place | typeof DISCARDED>();
  readonly #byClient = new Map<number, (Y.Item | Y.GC | Y.Skip)[]>();

  constructor(
    readonly doc: Y.Doc,
    readonly update: DecodedUpdate,
    readonly authorOf: (client: number) => string | undefined,
  ) {
    for (const struct of update.structs) {
      const list = this.#byClient.get(struct.id.client);
      if (list) list.push(struct);
      else this.#byClient.set(struct.id.client, [struct]);
    }
  }

  /** The place of an item this update creates. */
  placeOfNew(item: Y.Item): Place | typeof DISCARDED {
    const known = this.#newPlaces.get(item);
    if (known !== undefined) return known;
    const result = this.#resolveNew(item);
    this.#newPlaces.set(item, result);
    return result;
  }

  #resolveNew(item: Y.Item): Place | typeof DISCARDED {
    // Yjs integrates an item only once it has everything it refers to, both neighbours included;
    // until then the item waits in the document's pending structs, stored but unauthorized, and
    // every replica that syncs with the relay gets it and sends it back as its own resync.
    if (item.rightOrigin && item.origin) this.#findItem(item.rightOrigin);
    if (typeof item.parent === 'string') return this.#inside({ root: item.parent }, item.parentSub);
    if (item.parent instanceof Y.ID) {
      const parent = this.#findItem(item.parent);
      return parent === DISCARDED ? DISCARDED : this.#inside({ item: parent }, item.parentSub);
    }
    // Items with a neighbour inherit parent and key from it (Yjs does not encode them twice).
    const neighbourId = item.origin ?? item.rightOrigin;
    if (!neighbourId) throw new Missing();
    const neighbour = this.#findItem(neighbourId);
    if (neighbour === DISCARDED) return DISCARDED;
    // The neighbour's resolved place, not its parentSub: a neighbour new in this update has its
    // own parent and key left out as well when it has a neighbour in turn.
    return this.#placeOf(neighbour);
  }

  /**
   * Checks every item of the document in a deleted range. Items this update both creates and
   * deletes were checked as writes; items whose parent is deleted too go with their parent.
   */
  checkDeletedRange(
    client: number,
    clock: number,
    len: number,
    check: (item: Y.Item, place: Place) => WriteDenial | undefined,
  ): WriteDenial | undefined {
    const structs = this.doc.store.clients.get(client) ?? [];
    const known = this.knownClock(client);
    const end = clock + len;
    if (clock < known) {
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < end; i++) {
        const struct = structs[i]!;
        if (!(struct instanceof Y.Item) || struct.deleted) continue;
        const parentItem = (struct.parent as Y.AbstractType<unknown> | null)?._item;
        if (parentItem && (parentItem.deleted || Y.isDeleted(this.update.ds, parentItem.id))) continue;
        const place = this.#placeOf(struct);
        if (place === DISCARDED) continue;
        const denial = check(struct, place);
        if (denial) return denial;
      }
    }
    if (end > known && !this.#coveredByUpdate(client, Math.max(clock, known), end)) throw new Missing();
    return undefined;
  }

  #coveredByUpdate(client: number, from: number, to: number): boolean {
    for (let clock = from; clock < to;) {
      const struct = this.#updateStructAt(client, clock);
      if (!struct || struct instanceof Y.Skip) return false;
      clock = struct.id.clock + struct.length;
    }
    return true;
  }

  /** The update's struct containing (client, clock); the update lists each client's structs in clock order. */
  #updateStructAt(client: number, clock: number): Y.Item | Y.GC | Y.Skip | undefined {
    const structs = this.#byClient.get(client);
    if (!structs) return undefined;
    let low = 0;
    let high = structs.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const struct = structs[mid]!;
      if (clock < struct.id.clock) high = mid - 1;
      else if (clock >= struct.id.clock + struct.length) low = mid + 1;
      else return struct;
    }
    return undefined;
  }

  #placeOf(item: Y.Item): Place | typeof DISCARDED {
    return this.#isInDoc(item) ? this.#placeInDoc(item) : this.placeOfNew(item);
  }

  #isInDoc(item: Y.Item): boolean {
    return !(item.parent === null || typeof item.parent === 'string' || item.parent instanceof Y.ID);
  }

  #placeInDoc(item: Y.Item): Place | typeof DISCARDED {
    const known = this.#docPlaces.get(item);
    if (known !== undefined) return known;
    const parent = item.parent as Y.AbstractType<unknown>;
    const container: Container = parent._item ? { item: parent._item } : { root: Y.findRootTypeKey(parent) };
    const place = this.#inside(container, item.parentSub);
    this.#docPlaces.set(item, place);
    return place;
  }

  #inside(container: Container, key: string | null): Place | typeof DISCARDED {
    if ('root' in container) return { path: [container.root, key], messageAuthor: undefined };
    const parent = this.#placeOf(container.item);
    if (parent === DISCARDED) return DISCARDED;
    const path = [...parent.path, key];
    // The message is the item at messages/<id>: its creator's user is the author of all under it.
    const messageAuthor =
      parent.path.length === 2 && parent.path[0] === MESSAGES_KEY ? this.authorOf(container.item.id.client) : parent.messageAuthor;
    return { path, messageAuthor };
  }

  /**
   * Yjs holds back every struct after a gap in a client's clocks, for good if nobody fills it: the
   * stored update would then carry content nobody authorized yet, and block later resyncs. A gap
   * (or a Skip) is content the relay does not have: wait for the room's commits, then refuse.
   */
  requireContiguous(): void {
    for (const [client, structs] of this.#byClient) {
      let next = this.knownClock(client);
      for (const struct of structs) {
        if (struct instanceof Y.Skip || struct.id.clock > next) throw new Missing();
        next = Math.max(next, struct.id.clock + struct.length);
      }
    }
  }

  /** The first clock of `client` the committed document does not have. */
  knownClock(client: number): number {
    const structs = this.doc.store.clients.get(client);
    if (!structs || structs.length === 0) return 0;
    const last = structs[structs.length - 1]!;
    return last.id.clock + last.length;
  }

  /**
   * The item Yjs will integrate against for this id: the document's own at a clock it has (an
   * update's struct there is ignored by Yjs, so it is never a place), else the update's new item.
   * A Skip, or nothing, is content the relay does not have yet.
   */
  #findItem(id: Y.ID): Y.Item | typeof DISCARDED {
    if (id.clock < this.knownClock(id.client)) {
      const structs = this.doc.store.clients.get(id.client)!;
      const struct = structs[Y.findIndexSS(structs, id.clock)];
      // Garbage-collected: whatever is written next to or under it is discarded by Yjs as well.
      return struct instanceof Y.Item ? struct : DISCARDED;
    }
    const own = this.#updateStructAt(id.client, id.clock);
    if (own instanceof Y.Item) return own;
    if (own instanceof Y.GC) return DISCARDED;
    throw new Missing();
  }
}
