// Who wrote what. Authorship is never a field a client writes: the author of an item is the user
// bound to the Yjs clientID that created it, and the bindings live in the `clients` map.
import * as Y from 'yjs';

/** Top-level Y.Map of String(clientID) → user id. */
export const CLIENTS_KEY = 'clients';

export type AuthorOf = (clientID: number) => string | undefined;

export function clientBindings(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(CLIENTS_KEY);
}

/**
 * Binds `clients` to `userId`. Only the relay writes bindings (on a clientID's first use in a
 * document; a client's write here is refused), in the same commit as the update that needs them.
 */
export function bindClients(doc: Y.Doc, clients: readonly number[], userId: string): void {
  const bindings = clientBindings(doc);
  doc.transact(() => {
    for (const client of clients) if (bindings.get(String(client)) !== userId) bindings.set(String(client), userId);
  });
}

/**
 * Reads authors from the bindings. `localUserId` covers this device's own clientID before the
 * relay has bound it (messages written offline), but never overrides a binding.
 */
export function authorResolver(doc: Y.Doc, localUserId?: string): AuthorOf {
  const bindings = clientBindings(doc);
  return (clientID) => {
    const bound = bindings.get(String(clientID));
    if (typeof bound === 'string') return bound;
    return clientID === doc.clientID ? localUserId : undefined;
  };
}

/** The clientID that created a shared type: the owner the relay checks writes against. */
export function creatorOf(type: { readonly _item: Y.Item | null }): number | undefined {
  return type._item?.id.client;
}
