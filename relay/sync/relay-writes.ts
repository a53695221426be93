// Updates the relay itself writes into a document, committed like a client's update: bindings
// (each by a fresh clientID at clock 0, so none depends on another and a failed commit leaves
// nothing later ones would wait for) and the relay's fields in heads and inboxes (RelayWriter).
import * as Y from 'yjs';
import { bindClients } from '../../model/authors.ts';

/** An update binding `clients` to `userId` in the `clients` map. */
export function bindingUpdate(doc: Y.Doc, clients: readonly number[], userId: string): Uint8Array {
  const writer = freshWriter(doc, clients);
  bindClients(writer, clients, userId);
  const update = Y.encodeStateAsUpdate(writer);
  writer.destroy();
  return update;
}

/**
 * The relay's writer for one small document (a head or an inbox): a mirror of the committed doc
 * with its own clientID, kept for as long as the room is loaded. A write costs only its change,
 * and successive writes reuse one clientID, so the document's state vector does not grow with
 * every write. After a failed commit the mirror is dropped (its clock ran ahead of the room).
 */
export class RelayWriter {
  readonly #doc: Y.Doc;

  constructor(committed: Y.Doc) {
    this.#doc = freshWriter(committed, []);
    Y.applyUpdate(this.#doc, Y.encodeStateAsUpdate(committed));
  }

  /** The update `write` makes on the mirror. */
  write(write: (doc: Y.Doc) => void): Uint8Array {
    const before = Y.encodeStateVector(this.#doc);
    write(this.#doc);
    return Y.encodeStateAsUpdate(this.#doc, before);
  }

  /** Brings the mirror up to date with updates committed to the room. */
  mirror(update: Uint8Array): void {
    Y.applyUpdate(this.#doc, update);
  }

  destroy(): void {
    this.#doc.destroy();
  }
}

function freshWriter(doc: Y.Doc, avoid: readonly number[]): Y.Doc {
  const writer = new Y.Doc();
  while (doc.store.clients.has(writer.clientID) || avoid.includes(writer.clientID))
    writer.clientID = Math.floor(Math.random() * 0xffffffff);
  return writer;
}
