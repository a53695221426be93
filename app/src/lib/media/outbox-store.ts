// Messages with attachments not yet fully sent, with the files themselves (tus-js-client keeps
// only an upload URL), in one IndexedDB database per user: they survive a reload and an offline
// start, and go with the user's other local data at sign-out (its name starts with `i:`).
import type { QueuedMessage } from './upload-queue.ts';

const VERSION = 1;
const STORE = 'messages';
const BY_CONVERSATION = 'conversationId';

export class OutboxStore {
  #db: Promise<IDBDatabase> | null = null;

  constructor(readonly name: string) {}

  static forUser(userId: string): OutboxStore {
    return new OutboxStore(`i:${userId}:media-outbox`);
  }

  async put(message: QueuedMessage): Promise<void> {
    await this.#run('readwrite', (store) => store.put(message));
  }

  async delete(key: string): Promise<void> {
    await this.#run('readwrite', (store) => store.delete(key));
  }

  async of(conversationId: string): Promise<QueuedMessage[]> {
    const found = await this.#run('readonly', (store) => store.index(BY_CONVERSATION).getAll(conversationId));
    return (found as QueuedMessage[]).sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
  }

  /** The conversations that have something queued. */
  async conversations(): Promise<string[]> {
    const all = (await this.#run('readonly', (store) => store.getAll())) as QueuedMessage[];
    return [...new Set(all.map((message) => message.conversationId))];
  }

  close(): void {
    void this.#db?.then((db) => db.close());
    this.#db = null;
  }

  #open(): Promise<IDBDatabase> {
    this.#db ??= new Promise((resolve, reject) => {
      const request = indexedDB.open(this.name, VERSION);
      request.onupgradeneeded = () => {
        const store = request.result.createObjectStore(STORE, { keyPath: 'key' });
        store.createIndex(BY_CONVERSATION, 'conversationId');
      };
      request.onsuccess = () => {
        // Sign-out deletes the database: let it.
        request.result.onversionchange = () => this.close();
        resolve(request.result);
      };
      request.onerror = () => reject(request.error ?? new Error('IndexedDB did not open'));
    });
    return this.#db;
  }

  async #run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.#open();
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = work(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB write failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB write aborted'));
    });
  }
}
