// One variant of one media item for an element on screen: its URL once the relay has it (asked
// again when the element could not load it, e.g. the signed URL expired, and when the network
// comes back), or why there is none.
import { MEDIA_ID_PATTERN } from '#protocol/http/ids.ts';
import type { Variant } from '#protocol/http/media.ts';
import { session } from '../session/session.svelte.ts';
import { wasCancelled } from './cancelled-uploads.ts';
import { sourceOf, type Source } from './remote-media.ts';
import { CANCELLED } from './upload-queue.ts';

/** Loading again after an element failed, at most this often per element (a broken file stays broken). */
const MAX_RELOADS = 2;

export class MediaSource {
  source = $state.raw<Source | null>(null);
  #controller: AbortController | null = null;
  #reloads = 0;

  constructor(
    /** A media id; anything else (a message not written yet) has no relay copy. */
    readonly id: string | undefined,
    readonly variant: Variant,
  ) {}

  get url(): string | undefined {
    const source = this.source;
    return source?.kind === 'url' || source?.kind === 'offline' ? source.url : undefined;
  }

  get error(): string | undefined {
    const source = this.source;
    return source?.kind === 'failed' || source?.kind === 'gone' ? source.error : undefined;
  }

  /** Starts asking; answers the function that stops. */
  start(): () => void {
    if (!this.id || !MEDIA_ID_PATTERN.test(this.id)) return () => {};
    if (wasCancelled(this.id)) {
      this.source = { kind: 'failed', error: CANCELLED };
      return () => {};
    }
    this.#load(false);
    const online = () => {
      if (this.source?.kind === 'offline') this.#load(true);
    };
    addEventListener('online', online);
    return () => {
      this.#controller?.abort(new DOMException('Gone from the screen', 'AbortError'));
      removeEventListener('online', online);
    };
  }

  /** The element could not load the URL: it may have expired, or the cache had no copy. */
  failedToLoad(): void {
    if (this.source?.kind !== 'url' || this.#reloads >= MAX_RELOADS) return;
    this.#reloads += 1;
    this.#load(true);
  }

  #load(fresh: boolean): void {
    this.#controller?.abort(new DOMException('Asked again', 'AbortError'));
    const controller = (this.#controller = new AbortController());
    sourceOf(session.api, this.id!, this.variant, controller.signal, fresh).then(
      (source) => {
        if (!controller.signal.aborted) this.source = source;
      },
      () => {},
    );
  }
}
