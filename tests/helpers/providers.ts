// Stock y-websocket providers a test file opens against a relay, destroyed together after each test.
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { TestRelay } from './relay.ts';
import { waitFor } from './wait.ts';

export class OpenProviders {
  readonly #open: WebsocketProvider[] = [];

  /** A stock provider for document `doc` with `token`, once it has synced with the relay. */
  async open(on: Pick<TestRelay, 'wsUrl'>, doc: string, token: string, what = `${doc} to sync`): Promise<WebsocketProvider> {
    const provider = new WebsocketProvider(on.wsUrl, doc, new Y.Doc(), {
      WebSocketPolyfill: WebSocket as never,
      disableBc: true,
      params: { token },
    });
    this.#open.push(provider);
    await waitFor(() => provider.synced, what);
    return provider;
  }

  destroyAll(): void {
    for (const provider of this.#open.splice(0)) provider.destroy();
  }
}
