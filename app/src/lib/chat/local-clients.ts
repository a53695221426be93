// The Yjs clientIDs this device has written a conversation with. After a reload the document has
// a new clientID, and messages written offline before it are not bound to the user by the relay
// yet: this list is how the app still knows they are the user's and still waiting to be stored.
import { z } from 'zod';
import { readJson, writeJson } from '../storage/local-json.ts';

export class LocalClients {
  readonly ids: Set<number>;
  readonly #key: string;

  constructor(userId: string, conversationId: string) {
    this.#key = `parley:clients:${userId}:${conversationId}`;
    this.ids = new Set(readJson(this.#key, z.array(z.number()), []));
  }

  add(clientID: number): void {
    if (this.ids.has(clientID)) return;
    this.ids.add(clientID);
    writeJson(this.#key, [...this.ids]);
  }
}
