import { describe, expect, it } from 'vitest';
import { attachmentMime, attachmentName, attachmentsLabel, formatBytes, formatDuration, kindOfType } from './kinds.ts';

describe('kindOfType', () => {
  it('makes images of what the relay thumbnails, videos of what browsers play, files of the rest', () => {
    expect(kindOfType('image/jpeg')).toBe('image');
    expect(kindOfType('image/avif')).toBe('image');
    expect(kindOfType('video/webm')).toBe('video');
    expect(kindOfType('image/svg+xml')).toBe('file');
    expect(kindOfType('image/heic')).toBe('file');
    expect(kindOfType('text/html')).toBe('file');
    expect(kindOfType('')).toBe('file');
  });
});

describe('attachmentMime and attachmentName', () => {
  it('gives octet-stream for a type the model would refuse, and drops parameters', () => {
    expect(attachmentMime('')).toBe('application/octet-stream');
    expect(attachmentMime('text/plain; charset=utf-8')).toBe('text/plain');
    expect(attachmentMime('not a type')).toBe('application/octet-stream');
  });

  it('strips control characters and keeps the extension of a long name', () => {
    expect(attachmentName('a\u0000b\nc.txt')).toBe('abc.txt');
    expect(attachmentName('   ')).toBe('file');
    const long = attachmentName(`${'x'.repeat(300)}.jpeg`);
    expect(long).toHaveLength(255);
    expect(long.endsWith('.jpeg')).toBe(true);
  });
});

describe('attachmentsLabel', () => {
  it('says Photo, Video or the file name for one attachment', () => {
    expect(attachmentsLabel([{ kind: 'image', name: 'a.jpg' }])).toBe('Photo');
    expect(attachmentsLabel([{ kind: 'video', name: 'a.mp4' }])).toBe('Video');
    expect(attachmentsLabel([{ kind: 'file', name: 'minutes.pdf' }])).toBe('minutes.pdf');
    expect(attachmentsLabel([])).toBe('');
  });

  it('counts several of a kind, and a mix as attachments', () => {
    const photo = { kind: 'image', name: 'p.jpg' } as const;
    expect(attachmentsLabel([photo, photo, photo])).toBe('3 photos');
    expect(attachmentsLabel([photo, { kind: 'file', name: 'f' }])).toBe('2 attachments');
  });
});

describe('formatBytes and formatDuration', () => {
  it('writes sizes in decimal units', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(1500)).toBe('1.5 KB');
    expect(formatBytes(25_000_000)).toBe('25 MB');
  });

  it('writes lengths as m:ss or h:mm:ss', () => {
    expect(formatDuration(5_400)).toBe('0:05');
    expect(formatDuration(125_000)).toBe('2:05');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });
});
