import { describe, expect, it } from 'vitest';
import { contentDisposition, kindOfType, largestLimit, limitFor, servedAs, variantsOf } from './media-types.ts';

const limits = { imageBytes: 25, videoBytes: 200, fileBytes: 100 };

describe('media types', () => {
  it('makes images of the five decodable types, videos of MP4 and WebM, files of the rest (HEIC too)', () => {
    for (const mime of ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif']) expect(kindOfType(mime)).toBe('image');
    for (const mime of ['video/mp4', 'video/webm']) expect(kindOfType(mime)).toBe('video');
    for (const mime of ['image/heic', 'image/svg+xml', 'text/html', 'application/pdf', 'video/quicktime'])
      expect(kindOfType(mime)).toBe('file');
  });

  it('applies the limit of the kind, and the upload server the largest', () => {
    expect([limitFor('image', limits), limitFor('video', limits), limitFor('file', limits)]).toEqual([25, 200, 100]);
    expect(largestLimit(limits)).toBe(200);
  });

  it('serves only allow-listed images and videos inline; SVG, HTML and the rest as downloads of octet-stream', () => {
    expect(servedAs('original', 'image/png')).toEqual({ contentType: 'image/png', inline: true });
    expect(servedAs('original', 'video/webm')).toEqual({ contentType: 'video/webm', inline: true });
    expect(servedAs('thumb-320', 'image/gif')).toEqual({ contentType: 'image/webp', inline: true });
    for (const mime of ['image/svg+xml', 'text/html', 'application/javascript', 'text/javascript', 'image/heic'])
      expect(servedAs('original', mime)).toEqual({ contentType: 'application/octet-stream', inline: false });
  });

  it('gives images their thumbnails and everything else only its original', () => {
    expect(variantsOf('image')).toEqual(['original', 'thumb-320', 'thumb-1280']);
    expect(variantsOf('video')).toEqual(['original']);
  });

  it('writes a Content-Disposition that no name can break out of', () => {
    expect(contentDisposition(false, 'report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    const header = contentDisposition(true, 'a"b\\c\r\nSet-Cookie: x=1 é.png');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header.startsWith('inline; filename="a_b_c__Set-Cookie: x=1 _.png"; ')).toBe(true);
    expect(header).toContain(`filename*=UTF-8''${encodeURIComponent('a"b\\c\r\nSet-Cookie: x=1 é.png')}`);
  });
});
