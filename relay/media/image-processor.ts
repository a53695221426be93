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
    // GIF has no EXIF to strip, and re-encoding an animation would only lose quality.
    const original =
      mime === 'image/gif'
        ? { data: input, info: { width: metadata.width ?? 0, height: metadata.height ?? 0 } }
        : await reencode(sharp(input, options).rotate(), mime).toBuffer({ resolveWithObject: true });
    const thumbnail = (width: number) =>
      sharp(input, options).rotate().resize({ width, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
    const [small, large] = await Promise.all([thumbnail(THUMBNAIL_WIDTHS['thumb-320']), thumbnail(THUMBNAIL_WIDTHS['thumb-1280'])]);
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
      return image.jpeg({ quality: 90, mozjpeg: true });
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
