// Encodes Yjs updates by hand, struct by struct, the way a hostile client could: Skips and GCs at
// any clock, contents and references Yjs' own encoder would never produce.
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export type Struct = Y.Item | Y.GC | Y.Skip;

/** An update of `structs` (each client's in clock order, contiguous) and a delete set of [client, clock, len]. */
export function encodeStructs(structs: readonly Struct[], deletes: readonly [number, number, number][] = []): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const byClient = new Map<number, Struct[]>();
  for (const struct of structs) byClient.set(struct.id.client, [...(byClient.get(struct.id.client) ?? []), struct]);
  encoding.writeVarUint(encoder.restEncoder, byClient.size);
  for (const [client, list] of byClient) {
    encoding.writeVarUint(encoder.restEncoder, list.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, list[0]!.id.clock);
    for (const struct of list) struct.write(encoder, 0);
  }
  const dsByClient = new Map<number, [number, number][]>();
  for (const [client, clock, len] of deletes) dsByClient.set(client, [...(dsByClient.get(client) ?? []), [clock, len]]);
  encoding.writeVarUint(encoder.restEncoder, dsByClient.size);
  for (const [client, ranges] of dsByClient) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const [clock, len] of ranges) {
      encoder.writeDsClock(clock);
      encoder.writeDsLen(len);
    }
  }
  return encoder.toUint8Array();
}

/** The structs of an update, as Yjs decodes them. */
export function structsOf(update: Uint8Array): Struct[] {
  return Y.decodeUpdate(update).structs;
}

/** The same item with other content (same id, references and key). */
export function withContent(item: Y.Item, content: Y.Item['content']): Y.Item {
  return new Y.Item(item.id, null, item.origin, null, item.rightOrigin, item.parent, item.parentSub, content);
}
