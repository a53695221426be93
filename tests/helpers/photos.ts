// Photos the way phones write them, for media tests: turned by EXIF rather than in their pixels,
// with a GPS position and a marker string in the EXIF, so a test can tell the EXIF survived.
import sharp from 'sharp';

/** Written into the EXIF next to the GPS position: wherever it shows, the EXIF survived. */
export const EXIF_MARKER = 'where-this-photo-was-taken';

/** A 600×400 JPEG with EXIF orientation 6 (shown turned 90°, 400×600), a GPS position and EXIF_MARKER. */
export async function photoWithGps(): Promise<Buffer> {
  const plain = await sharp({ create: { width: 600, height: 400, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    .jpeg()
    .toBuffer();
  return sharp(plain)
    .withExif({ IFD0: { ImageDescription: EXIF_MARKER }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 2981/100' } })
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toBuffer();
}
