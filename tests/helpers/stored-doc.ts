import * as Y from 'yjs';
import type { UpdateStore } from '../../persistence/update-store.ts';

/** Replays a document's stored log as a relay loading it would; counts rows Yjs refuses. */
export async function replayStored(store: UpdateStore, name: string): Promise<{ doc: Y.Doc; headSeq: number; unreadableRows: number }> {
  const loaded = await store.load(name);
  const doc = new Y.Doc();
  let unreadableRows = 0;
  for (const update of loaded.updates) {
    try {
      Y.applyUpdate(doc, update);
    } catch {
      unreadableRows++;
    }
  }
  return { doc, headSeq: loaded.headSeq, unreadableRows };
}
