// What the app works out about a chosen file before it is sent, so the message can be laid out
// before anything is downloaded: an image's size and ThumbHash, a video's size, length, poster
// frame (a JPEG uploaded as its own media) and ThumbHash. A file the browser cannot decode is sent
// as a plain file.
import type { AttachmentKind } from '#model/schema.ts';
import { thumbhashSize } from './fit.ts';
import { attachmentMime, attachmentName, kindOfType } from './kinds.ts';
import { encodeThumbhash } from './thumbhash-image.ts';

export interface Probe {
  kind: AttachmentKind;
  name: string;
  mime: string;
  size: number;
  width?: number;
  height?: number;
  thumbhash?: string;
  durationMs?: number;
  poster?: Blob;
}

/** The poster frame is drawn at most this wide or high. */
const POSTER_MAX = 1280;
const VIDEO_TIMEOUT_MS = 8000;

export async function probe(file: File): Promise<Probe> {
  const base = { name: attachmentName(file.name), mime: attachmentMime(file.type), size: file.size };
  const kind = kindOfType(base.mime);
  try {
    if (kind === 'image') return { ...base, kind, ...(await probeImage(file)) };
    if (kind === 'video') return { ...base, kind, ...(await probeVideo(file)) };
  } catch {
    // Not decodable here (a truncated photo, a codec this browser lacks): a file is still a file.
  }
  return { ...base, kind: 'file' };
}

async function probeImage(file: Blob): Promise<Pick<Probe, 'width' | 'height' | 'thumbhash'>> {
  // Drawn upright: createImageBitmap follows the EXIF orientation, as the relay's rotate() does.
  const bitmap = await createImageBitmap(file);
  try {
    return { width: bitmap.width, height: bitmap.height, thumbhash: thumbhashOf(bitmap, bitmap.width, bitmap.height) };
  } finally {
    bitmap.close();
  }
}

function thumbhashOf(source: CanvasImageSource, width: number, height: number): string {
  const size = thumbhashSize(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('No canvas');
  context.drawImage(source, 0, 0, size.width, size.height);
  return encodeThumbhash(size.width, size.height, context.getImageData(0, 0, size.width, size.height).data);
}

async function probeVideo(file: Blob): Promise<Pick<Probe, 'width' | 'height' | 'thumbhash' | 'durationMs' | 'poster'>> {
  const url = URL.createObjectURL(file);
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.preload = 'auto';
  try {
    video.src = url;
    await event(video, 'loadeddata');
    const width = video.videoWidth;
    const height = video.videoHeight;
    if (!width || !height) throw new Error('No picture');
    const duration = Number.isFinite(video.duration) ? video.duration : 0;
    // A frame a little in, past a black first frame, but not past a short clip's end.
    video.currentTime = Math.min(1, duration / 4);
    await event(video, 'seeked');
    const scale = Math.min(1, POSTER_MAX / Math.max(width, height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    canvas.getContext('2d')?.drawImage(video, 0, 0, canvas.width, canvas.height);
    const poster = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.82));
    return {
      width,
      height,
      thumbhash: thumbhashOf(canvas, canvas.width, canvas.height),
      ...(duration > 0 && { durationMs: Math.round(duration * 1000) }),
      ...(poster && { poster }),
    };
  } finally {
    video.removeAttribute('src');
    video.load();
    URL.revokeObjectURL(url);
  }
}

function event(target: HTMLMediaElement, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No ${name}`)), VIDEO_TIMEOUT_MS);
    const done = (ok: boolean) => () => {
      clearTimeout(timer);
      target.removeEventListener(name, onOk);
      target.removeEventListener('error', onError);
      if (ok) resolve();
      else reject(new Error('Cannot decode'));
    };
    const onOk = done(true);
    const onError = done(false);
    target.addEventListener(name, onOk, { once: true });
    target.addEventListener('error', onError, { once: true });
  });
}
