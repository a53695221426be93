import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

export const DEFAULT_ROOM = 'lobby';

export function roomFromUrl(url: URL): string {
	return url.searchParams.get('room')?.trim() || DEFAULT_ROOM;
}

export function wsBaseFromLocation(location: Location): string {
	const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
	return `${scheme}//${location.host}`;
}

/** One Yjs doc synced over the relay's /sync endpoint, exposing its message list as runes state. */
export class DemoDoc {
	// Replaced wholesale on every change, so deep proxying would be wasted work.
	current = $state.raw<readonly string[]>([]);
	status = $state<ConnectionStatus>('connecting');

	readonly #doc = new Y.Doc();
	readonly #messages = this.#doc.getArray<string>('messages');
	readonly #provider: WebsocketProvider;

	constructor(wsBase: string, room: string) {
		this.#messages.observe(this.#sync);
		this.#provider = new WebsocketProvider(`${wsBase}/sync`, room, this.#doc);
		this.#provider.on('status', this.#onStatus);
	}

	push(text: string): void {
		this.#messages.push([text]);
	}

	destroy(): void {
		this.#provider.off('status', this.#onStatus);
		this.#messages.unobserve(this.#sync);
		this.#provider.destroy();
		this.#doc.destroy();
	}

	#sync = (): void => {
		this.current = this.#messages.toArray();
	};

	#onStatus = ({ status }: { status: ConnectionStatus }): void => {
		this.status = status;
	};
}
