// Messages of a loaded segment read with their author: the user the message's creating Yjs
// clientID is bound to in the segment (never what the message says about itself).
import * as Y from 'yjs';
import { creatorOf } from '../../model/authors.ts';
import { messagesMap, readMessage, type StoredMessage } from '../../model/schema.ts';
import type { Room } from '../sync/room.ts';

/** The messages `ids` of a segment that are bound to an author, with the author. */
export function* authored(segment: Room, ids: Iterable<string>): Generator<{ id: string; message: StoredMessage; author: string }> {
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
