// Turns an uploaded image into what the relay serves: the original turned upright and re-encoded
// without its metadata (EXIF, GPS: gone; orientation kept by rotating first), and WebP
// thumbnails about 320 and 1280 px wide. Refuses decompression bombs and truncated files.
import sharp, { type Metadata, type Sharp } from 'sharp';
import { THUMBNAIL_WIDTHS } from './media-types.ts';

export interface ProcessedImage {
  original: Buffer;
  width: number;
  height: number;
  thumbnails: Record<keyof typeof THUMBNAIL_WIDTHS, Buffer>;
}

/** A file that cannot become an image, with a code and a message the uploader can act on. */
export class ImageError extends Error {
  constructor(
    readonly code: 'image_too_large' | 'image_unreadable',
    message: string,
  ) {
    super(message);
  }
}

// One libvips thread per image: the relay runs MEDIA_JOBS of them at once and must keep a core
// for chat, which libvips' default (a thread per core for every image) would not leave.
sharp.concurrency(1);

export async function processImage(input: Buffer, mime: string, maxPixels: number): Promise<ProcessedImage> {
  const options = { limitInputPixels: maxPixels, failOn: 'truncated' } as const;
  let metadata: Metadata;
  try {
    metadata = await sharp(input, options).metadata();
  } catch (error) {
    throw unreadable(error);
  }
  const pixels = (metadata.width ?? 0) * (metadata.height ?? 0);
  if (pixels > maxPixels) throw tooLarge(pixels, maxPixels);
  try {
    // One decode: the upright image is cloned into each output. GIF has no EXIF to strip, and
    // re-encoding an animation would only lose quality.
    const upright = sharp(input, options).rotate();
    const original =
      mime === 'image/gif'
        ? { data: input, info: { width: metadata.width ?? 0, height: metadata.height ?? 0 } }
        : await reencode(upright.clone(), mime).toBuffer({ resolveWithObject: true });
    const large = await upright
      .clone()
      .resize({ width: THUMBNAIL_WIDTHS['thumb-1280'], withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    // The small one from the large one: a 1280 px WebP decodes in a fraction of the original's time.
    const small = await sharp(large)
      .resize({ width: THUMBNAIL_WIDTHS['thumb-320'], withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    return {
      original: original.data,
      width: original.info.width,
      height: original.info.height,
      thumbnails: { 'thumb-320': small, 'thumb-1280': large },
    };
  } catch (error) {
    throw unreadable(error);
  }
}

/** Same format, no metadata (sharp writes none unless asked to). */
function reencode(image: Sharp, mime: string): Sharp {
  switch (mime) {
    case 'image/png':
      return image.png();
    case 'image/webp':
      return image.webp({ quality: 90 });
    case 'image/avif':
      return image.avif({ quality: 70 });
    default:
      return image.jpeg({ quality: 88 });
  }
}

function tooLarge(pixels: number, maxPixels: number): ImageError {
  const mp = (value: number) => `${Math.round(value / 100_000) / 10} MP`;
  return new ImageError('image_too_large', `The image has ${mp(pixels)}; at most ${mp(maxPixels)} are accepted`);
}

function unreadable(error: unknown): ImageError {
  const detail = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(detail)) return new ImageError('image_too_large', 'The image has more pixels than are accepted');
  return new ImageError(
    'image_unreadable',
    `The image could not be read (${detail.split('\n')[0]?.slice(0, 120)}); it may be damaged or cut short`,
  );
}
