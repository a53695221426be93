import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/request.ts';
import { sourceOf, type MediaApi } from './remote-media.ts';

const notReady = () => new ApiError(409, 'media_not_ready', 'This file is still being processed');

function fakeApi(states: string[], options: { failWith?: string } = {}): MediaApi & { asked: number } {
  let step = 0;
  const api = {
    asked: 0,
    async mediaUrl(id: string, variant: string) {
      api.asked += 1;
      if ((states[step] ?? 'ready') !== 'ready') throw notReady();
      return { url: `/media/${id}/${variant}?sig=${api.asked}`, expiresAt: new Date(Date.now() + 600_000) };
    },
    async media() {
      const state = states[step] ?? 'ready';
      step += 1;
      return {
        state,
        error: state === 'failed' ? { message: options.failWith ?? '' } : null,
        variants: state === 'ready' ? ['original', 'thumb-320'] : [],
      };
    },
  };
  return api;
}

describe('sourceOf', () => {
  it('asks again with backoff while the media is uploading or processing, then answers its signed URL', async () => {
    vi.useFakeTimers();
    const api = fakeApi(['uploading', 'processing']);
    const source = sourceOf(api, 'm0000000000000001', 'thumb-320', new AbortController().signal);
    await vi.runAllTimersAsync();
    expect(await source).toMatchObject({ kind: 'url', url: '/media/m0000000000000001/thumb-320?sig=3' });
    vi.useRealTimers();
  });

  it('reuses a URL while it is valid, and asks for a fresh one when told', async () => {
    const api = fakeApi([]);
    const signal = new AbortController().signal;
    await sourceOf(api, 'm0000000000000002', 'thumb-320', signal);
    await sourceOf(api, 'm0000000000000002', 'thumb-320', signal);
    expect(api.asked).toBe(1);
    await sourceOf(api, 'm0000000000000002', 'thumb-320', signal, true);
    expect(api.asked).toBe(2);
  });

  it('says why the relay could not use the file', async () => {
    const api = fakeApi(['failed'], { failWith: 'The image is truncated' });
    expect(await sourceOf(api, 'm0000000000000003', 'thumb-320', new AbortController().signal)).toEqual({
      kind: 'failed',
      error: 'The image is truncated',
    });
  });

  it('answers the unsigned path offline, for the service worker to serve from its cache', async () => {
    const api: MediaApi = {
      media: () => Promise.reject(new ApiError(0, 'network', 'offline')),
      mediaUrl: () => Promise.reject(new ApiError(0, 'network', 'offline')),
    };
    expect(await sourceOf(api, 'm0000000000000004', 'thumb-1280', new AbortController().signal)).toEqual({
      kind: 'offline',
      url: '/media/m0000000000000004/thumb-1280',
    });
  });

  it('says gone for media it may not see', async () => {
    const api: MediaApi = {
      media: () => Promise.reject(new Error()),
      mediaUrl: () => Promise.reject(new ApiError(404, 'not_found', 'No such media')),
    };
    expect((await sourceOf(api, 'm0000000000000005', 'original', new AbortController().signal)).kind).toBe('gone');
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const waiting = sourceOf(fakeApi(['processing', 'processing', 'processing']), 'm0000000000000006', 'thumb-320', controller.signal);
    controller.abort(new Error('gone from the screen'));
    await expect(waiting).rejects.toThrow('gone from the screen');
  });
});
