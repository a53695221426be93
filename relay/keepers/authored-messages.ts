// Messages of a loaded segment read with their author: the user the message's creating Yjs
// clientID is bound to in the segment (never what the message says about itself).
import * as Y from 'yjs';
import { clientBindings, creatorOf } from '../../model/authors.ts';
import { messagesMap, readMessage, type StoredMessage } from '../../model/schema.ts';
import type { Room } from '../sync/room.ts';

/** A segment's document and its clientID → user bindings: a loaded room, or a copy read from the store. */
export type Segment = Pick<Room, 'doc' | 'bindings'>;

/** The bindings of a segment document read from the store. */
export function segmentOf(doc: Y.Doc): Segment {
  const bindings = new Map<number, string>();
  for (const [key, userId] of clientBindings(doc).entries()) if (typeof userId === 'string') bindings.set(Number(key), userId);
  return { doc, bindings: () => bindings };
}

/** The messages `ids` of a segment that are bound to an author, with the author. */
export function* authored(segment: Segment, ids: Iterable<string>): Generator<{ id: string; message: StoredMessage; author: string }> {
  const messages = messagesMap(segment.doc);
  const bindings = segment.bindings();
  for (const id of ids) {
    const map = messages.get(id);
    if (!(map instanceof Y.Map)) continue;
    const client = creatorOf(map);
    const author = client === undefined ? undefined : bindings.get(client);
    if (author) yield { id, message: readMessage(id, map), author };
  }
}
