// Updates the relay itself writes into a document, committed like a client's update. Each is
// written by a fresh clientID at clock 0, so no relay write depends on another one and a failed
// commit leaves nothing later ones would wait for.
import * as Y from 'yjs';
import { clientBindings } from '../../model/authors.ts';

/** An update binding `clients` to `userId` in the `clients` map. */
export function bindingUpdate(doc: Y.Doc, clients: readonly number[], userId: string): Uint8Array {
  const writer = freshWriter(doc, clients);
  const bindings = clientBindings(writer);
  writer.transact(() => {
    for (const client of clients) bindings.set(String(client), userId);
  });
  const update = Y.encodeStateAsUpdate(writer);
  writer.destroy();
  return update;
}

/**
 * The update `write` makes on a copy of `doc` (so it sees, and builds on, the committed state).
 * For small documents only: heads and inboxes.
 */
export function writeAsRelay(doc: Y.Doc, write: (writer: Y.Doc) => void): Uint8Array {
  const writer = freshWriter(doc, []);
  Y.applyUpdate(writer, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(writer);
  write(writer);
  const update = Y.encodeStateAsUpdate(writer, before);
  writer.destroy();
  return update;
}

function freshWriter(doc: Y.Doc, avoid: readonly number[]): Y.Doc {
  const writer = new Y.Doc();
  while (doc.store.clients.has(writer.clientID) || avoid.includes(writer.clientID)) writer.clientID = Math.floor(Math.random() * 0xffffffff);
  return writer;
}
