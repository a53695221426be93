// What this tab knows about the attachments it is sending, by attachment id (the local key of a
// message not written yet, the relay's media id after): the file itself to show at once, how far
// its upload is, and how to cancel it. Messages read it to draw their own attachments.
import { SvelteMap } from 'svelte/reactivity';
import type { UploadPhase } from './upload-queue.ts';

export interface LocalMedia {
  /** An object URL of the file itself (an image, a video), shown instead of the relay's copy. */
  url: string;
  /** A video's poster frame, as an object URL. */
  posterUrl?: string;
  phase: UploadPhase;
  /** 0–1. */
  progress: number;
  error: string | null;
  cancel: () => void;
}

export const localMedia = new SvelteMap<string, LocalMedia>();

const urls = new Map<Blob, string>();

/** One object URL per file for the life of the tab: the same picture is never decoded twice. */
export function objectUrl(blob: Blob): string {
  let url = urls.get(blob);
  if (!url) {
    url = URL.createObjectURL(blob);
    urls.set(blob, url);
  }
  return url;
}
