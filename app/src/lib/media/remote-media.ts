// A variant of a media item as an element can load it: a signed URL from the relay (reused while
// valid), asked again while the item is still uploading or being processed (with backoff, until
// it is ready or failed); offline, the unsigned path that the service worker's thumbnail cache
// answers.
import type { Variant } from '#protocol/http/media.ts';
import { ApiError } from '../api/request.ts';
import { cachedPath, pollDelay, stillValid } from './media-poll.ts';

export type Source =
  | { kind: 'url'; url: string; expiresAt: number }
  /** No network: the service worker's copy, if it has one. */
  | { kind: 'offline'; url: string }
  /** Uploaded, but the relay could not use it, with its reason. */
  | { kind: 'failed'; error: string }
  /** Deleted, or this user is not (any more) a member. */
  | { kind: 'gone'; error: string };

export interface MediaApi {
  media(id: string): Promise<{ state: string; error?: { message: string } | null; variants: readonly string[] }>;
  mediaUrl(id: string, variant: Variant): Promise<{ url: string; expiresAt: Date }>;
}

const signed = new Map<string, { url: string; expiresAt: number }>();

/** Resolves once the variant can be loaded, or it is clear it cannot; `signal` stops the waiting. */
export async function sourceOf(api: MediaApi, id: string, variant: Variant, signal: AbortSignal, fresh = false): Promise<Source> {
  const key = `${id}/${variant}`;
  const known = signed.get(key);
  if (known && !fresh && stillValid(known.expiresAt, Date.now())) return { kind: 'url', ...known };
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = await api.mediaUrl(id, variant);
      const source = { url: answer.url, expiresAt: answer.expiresAt.getTime() };
      signed.set(key, source);
      return { kind: 'url', ...source };
    } catch (error) {
      const outcome = await refusal(api, id, variant, error);
      if (outcome !== 'wait') return outcome;
    }
    await sleep(pollDelay(attempt), signal);
  }
}

async function refusal(api: MediaApi, id: string, variant: Variant, error: unknown): Promise<Source | 'wait'> {
  if (!(error instanceof ApiError)) return { kind: 'failed', error: String(error) };
  if (error.isNetwork) return { kind: 'offline', url: cachedPath(id, variant) };
  if (error.code === 'not_found') return { kind: 'gone', error: 'This file is no longer available.' };
  if (error.code !== 'media_not_ready') return { kind: 'failed', error: error.message };
  try {
    const info = await api.media(id);
    if (info.state === 'failed') return { kind: 'failed', error: info.error?.message || error.message };
    // Ready without this variant (a photo the relay could not thumbnail is a file): nothing to wait for.
    if (info.state === 'ready' && !info.variants.includes(variant)) return { kind: 'failed', error: 'There is no preview of this file.' };
    return 'wait';
  } catch (infoError) {
    if (infoError instanceof ApiError && infoError.isNetwork) return { kind: 'offline', url: cachedPath(id, variant) };
    return 'wait';
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}
