import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { EXIF_MARKER, photoWithGps } from '../../tests/helpers/photos.ts';
import { ImageError, processImage } from './image-processor.ts';

const MAX_PIXELS = 40_000_000;
describe('processImage', () => {
  it('turns the original upright, drops EXIF and GPS, and makes WebP thumbnails', async () => {
    const input = await photoWithGps();
    const before = await sharp(input).metadata();
    expect([before.orientation, before.exif?.includes(Buffer.from(EXIF_MARKER))]).toEqual([6, true]);
    const processed = await processImage(input, 'image/jpeg', MAX_PIXELS);
    expect([processed.width, processed.height]).toEqual([400, 600]);
    const original = await sharp(processed.original).metadata();
    expect([original.format, original.width, original.height, original.exif, original.orientation]).toEqual([
      'jpeg',
      400,
      600,
      undefined,
      undefined,
    ]);
    for (const output of [processed.original, ...Object.values(processed.thumbnails)])
      expect(output.includes(Buffer.from(EXIF_MARKER))).toBe(false);
    const small = await sharp(processed.thumbnails['thumb-320']).metadata();
    expect([small.format, small.width, small.exif]).toEqual(['webp', 320, undefined]);
    // Never enlarged past the original.
    expect((await sharp(processed.thumbnails['thumb-1280']).metadata()).width).toBe(400);
  });

  it('refuses an image over the pixel limit before decoding it', async () => {
    const big = await sharp({ create: { width: 3000, height: 3000, channels: 3, background: 'white' } })
      .png()
      .toBuffer();
    await expect(processImage(big, 'image/png', 1_000_000)).rejects.toMatchObject({ code: 'image_too_large' });
  });

  it('refuses a truncated JPEG with a clear message', async () => {
    const whole = await sharp({ create: { width: 800, height: 800, channels: 3, background: 'blue' } })
      .jpeg()
      .toBuffer();
    const error = await processImage(whole.subarray(0, whole.length / 2), 'image/jpeg', MAX_PIXELS).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImageError);
    expect((error as ImageError).code).toBe('image_unreadable');
    expect((error as ImageError).message).toMatch(/damaged or cut short/);
  });
});
