// Media through the real relay: tus uploads with the stock tus-js-client, types from the bytes,
// limits, processing (upright, no EXIF, thumbnails), signed URLs that only members can use,
// byte ranges, resuming after a restart, and media following the messages that name them; all
// of it on the disk store and on an S3 store (a real S3 server, s3rver, started here).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from '@20minutes/s3rver';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { segmentDocName } from '../model/doc-names.ts';
import { createHlc, tick } from '../model/hlc.ts';
import { deleteMessage, sendMessage } from '../model/messages.ts';
import { messageId } from '../model/ids.ts';
import { addMember, api, apiOk, createGroup, register, type TestUser } from './helpers/api.ts';
import { freshDatabase, type TestDatabase } from './helpers/database.ts';
import { EXIF_MARKER, photoWithGps } from './helpers/photos.ts';
import { OpenProviders } from './helpers/providers.ts';
import { startRelay, type TestRelay } from './helpers/relay.ts';
import { upload } from './helpers/uploads.ts';
import { waitFor } from './helpers/wait.ts';

const LIMITS = { MEDIA_MAX_IMAGE_BYTES: String(2 * 1024 * 1024), MEDIA_MAX_FILE_BYTES: String(1024 * 1024), MEDIA_MAX_PIXELS: '4000000' };

let database: TestDatabase;
let relay: TestRelay;
let alice: TestUser;
let bob: TestUser;
let eve: TestUser;
let groupId: string;
let storeEnv: Record<string, string> = {};
let s3: { server: S3rver; client: S3Client; env: Record<string, string> } | undefined;
const providers = new OpenProviders();
const BUCKET = 'parley-media';

/** A private S3 server (s3rver, from npm) on a free port, with the bucket the relay is told to use. */
async function startS3(directory: string) {
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: BUCKET }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  const env = {
    MEDIA_STORE: 's3',
    MEDIA_S3_BUCKET: BUCKET,
    MEDIA_S3_ENDPOINT: endpoint,
    MEDIA_S3_ACCESS_KEY_ID: credentials.accessKeyId,
    MEDIA_S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  };
  return { server, client, env };
}

const info = (id: string, user: TestUser = alice) => api(relay, 'GET', `/api/media/${id}`, { token: user });
const ready = async (id: string) => {
  await waitFor(async () => ['ready', 'failed'].includes((await info(id)).body.state), `media ${id} to be processed`);
  return (await info(id)).body;
};
const signedUrl = async (id: string, variant: string, user: TestUser = alice) =>
  (await apiOk(relay, 'GET', `/api/media/${id}/url?variant=${variant}`, 200, { token: user })).url as string;
const fetchMedia = (path: string, headers: Record<string, string> = {}) => fetch(`${relay.httpUrl}${path}`, { headers });
/** A PNG of a few dozen bytes whose header claims `width` × `height` pixels (a decompression bomb's shape). */
function pngHeaderClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(1000))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An upload URL of an earlier relay process (another port), on the current one. */
const onThisRelay = (url: string) => url.replace(/^http:\/\/[^/]+/, relay.httpUrl);
const refusalOf = (error: unknown) => {
  const { status, body } = error as { status?: number; body?: string };
  return { status, ...(body ? (JSON.parse(body) as { error: string; message: string }) : {}) };
};

/** Where the media bytes are, as each store keeps them: a folder per item on disk, keys under its id in S3. */
async function storedIn(id: string): Promise<boolean> {
  if (!s3) return existsSync(join(database.dataDir, 'media', 'files', id));
  return s3.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${id}/original` })).then(
    () => true,
    () => false,
  );
}

for (const store of ['disk', 's3'] as const) {
  describe(`on the ${store} store`, () => {
    beforeAll(async () => {
      database = await freshDatabase();
      storeEnv = {};
      s3 = undefined;
      if (store === 's3') {
        s3 = await startS3(join(database.dataDir, 's3'));
        storeEnv = s3.env;
      }
      relay = await startRelay({ ...LIMITS, ...storeEnv }, { database });
      [alice, bob, eve] = [await register(relay, 'alice'), await register(relay, 'bob'), await register(relay, 'eve')];
      groupId = (await createGroup(relay, alice, { name: 'Photos' })).id;
      await addMember(relay, groupId, alice, bob);
    });
    afterEach(() => providers.destroyAll());
    afterAll(async () => {
      await relay.stop();
      await s3?.server.close();
      await database.cleanup();
    });

    describe('uploading and processing', () => {
      it('R-MEDIA-1: a photo is stored upright without its EXIF or GPS, with WebP thumbnails, for members only', async () => {
        const sent = await upload(relay, alice, await photoWithGps(), {
          conversationId: groupId,
          filename: 'beach.jpg',
          filetype: 'image/jpeg',
        });
        expect(sent.finished).toMatchObject({ id: sent.id, kind: 'image', mime: 'image/jpeg', state: 'processing' });
        const done = await ready(sent.id);
        expect(done).toMatchObject({ state: 'ready', width: 400, height: 600, variants: ['original', 'thumb-320', 'thumb-1280'] });

        const original = await fetchMedia(await signedUrl(sent.id, 'original', bob));
        expect(original.status).toBe(200);
        expect(original.headers.get('content-type')).toBe('image/jpeg');
        expect(original.headers.get('x-content-type-options')).toBe('nosniff');
        expect(original.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
        const bytes = Buffer.from(await original.arrayBuffer());
        expect(bytes.includes(Buffer.from(EXIF_MARKER))).toBe(false);
        expect((await sharp(bytes).metadata()).exif).toBeUndefined();
        const thumb = await fetchMedia(await signedUrl(sent.id, 'thumb-320'));
        expect(thumb.headers.get('content-type')).toBe('image/webp');
        expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).width).toBe(320);

        // Eve is no member: she cannot upload here, read the state, nor get a URL.
        const refused = await upload(relay, eve, await photoWithGps(), { conversationId: groupId, filename: 'x.jpg' }).catch(refusalOf);
        expect(refused).toMatchObject({ status: 403, error: 'forbidden' });
        expect((await info(sent.id, eve)).status).toBe(404);
        expect((await api(relay, 'GET', `/api/media/${sent.id}/url?variant=original`, { token: eve })).status).toBe(404);
      });

      it('R-MEDIA-2: a polyglot (a JPEG that is also an HTML page) is served as the re-encoded image only, with the script gone', async () => {
        const script = '<html><body><script>alert(document.domain)</script></body></html>';
        // A JPEG with an HTML page in a comment segment right after its start marker: browsers
        // sniffing it as HTML would run the script; it is still a JPEG to every decoder.
        const jpeg = await photoWithGps();
        const comment = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.alloc(2), Buffer.from(script)]);
        comment.writeUInt16BE(script.length + 2, 2);
        const polyglot = Buffer.concat([jpeg.subarray(0, 2), comment, jpeg.subarray(2)]);
        expect((await sharp(polyglot).metadata()).format).toBe('jpeg');
        const sent = await upload(relay, alice, polyglot, { conversationId: groupId, filename: 'page.html', filetype: 'text/html' });
        expect(sent.finished).toMatchObject({ kind: 'image', mime: 'image/jpeg' });
        await ready(sent.id);
        const response = await fetchMedia(await signedUrl(sent.id, 'original'));
        expect(response.headers.get('content-type')).toBe('image/jpeg');
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
        expect(Buffer.from(await response.arrayBuffer()).includes(Buffer.from('<script>'))).toBe(false);
      });

      it('R-MEDIA-2: the type comes from the bytes; HTML and SVG are downloads of octet-stream, never inline', async () => {
        const disguised = await upload(relay, alice, await photoWithGps(), {
          conversationId: groupId,
          filename: 'clip.mp4',
          filetype: 'video/mp4',
        });
        expect(disguised.finished).toMatchObject({ kind: 'image', mime: 'image/jpeg' });
        for (const [filename, text] of [
          ['page.html', '<html><script>alert(document.cookie)</script></html>'],
          ['logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
        ] as const) {
          const sent = await upload(relay, alice, Buffer.from(text), { conversationId: groupId, filename, filetype: 'image/jpeg' });
          expect(sent.finished).toMatchObject({ kind: 'file', state: 'ready' });
          const response = await fetchMedia(await signedUrl(sent.id, 'original'));
          expect(response.headers.get('content-type')).toBe('application/octet-stream');
          expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="${filename}"`));
          expect(response.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
          expect(await response.text()).toBe(text);
          expect((await api(relay, 'GET', `/api/media/${sent.id}/url?variant=thumb-320`, { token: alice })).body.error).toBe(
            'media_not_ready',
          );
        }
      });

      it('R-MEDIA-3: over a limit, empty, truncated or a decompression bomb: a clear error, and the relay goes on', async () => {
        const big = Buffer.alloc(3 * 1024 * 1024, 1);
        expect(
          await upload(relay, alice, big, { conversationId: groupId, filename: 'huge.jpg', filetype: 'image/jpeg' }).catch(refusalOf),
        ).toMatchObject({
          status: 413,
          error: 'file_too_large',
          message: 'An image can be at most 2 MB',
        });
        // Claimed as a video (200 MB allowed), it is a 1.5 MB file of no known type: over the file limit.
        const sneaky = await upload(relay, alice, Buffer.alloc(1.5 * 1024 * 1024, 1), {
          conversationId: groupId,
          filename: 'a.mp4',
          filetype: 'video/mp4',
        }).catch(refusalOf);
        expect(sneaky).toMatchObject({ status: 413, error: 'file_too_large', message: 'A file can be at most 1 MB' });
        expect(
          await upload(relay, alice, Buffer.alloc(0), { conversationId: groupId, filename: 'empty.txt' }).catch(refusalOf),
        ).toMatchObject({
          status: 400,
          error: 'empty_file',
        });

        const whole = await photoWithGps();
        const truncated = await upload(relay, alice, whole.subarray(0, Math.floor(whole.length / 2)), {
          conversationId: groupId,
          filename: 'cut.jpg',
        });
        expect(await ready(truncated.id)).toMatchObject({ state: 'failed', error: { code: 'image_unreadable' } });
        // A PNG whose header claims 30000 × 30000 pixels (900 MP) in a few hundred bytes.
        const bomb = pngHeaderClaiming(30_000, 30_000);
        const claimed = await upload(relay, alice, bomb, { conversationId: groupId, filename: 'bomb.png' });
        expect(await ready(claimed.id)).toMatchObject({ state: 'failed', error: { code: 'image_too_large' } });
        expect((await api(relay, 'GET', `/api/media/${claimed.id}/url?variant=original`, { token: alice })).body.error).toBe(
          'media_not_ready',
        );
        expect((await api(relay, 'GET', '/api/me', { token: alice })).status).toBe(200);
      });
    });

    describe('serving', () => {
      it('R-MEDIA-4: a signed URL serves byte ranges, and stops working when tampered with or when its member is removed', async () => {
        const data = Buffer.from(Array.from({ length: 5000 }, (_, index) => index % 251));
        const sent = await upload(relay, alice, data, { conversationId: groupId, filename: 'data.bin' });
        const url = await signedUrl(sent.id, 'original', bob);
        const part = await fetchMedia(url, { Range: 'bytes=100-199' });
        expect(part.status).toBe(206);
        expect(part.headers.get('content-range')).toBe('bytes 100-199/5000');
        expect(Buffer.from(await part.arrayBuffer())).toEqual(data.subarray(100, 200));
        const past = await fetchMedia(url, { Range: 'bytes=6000-' });
        expect([past.status, past.headers.get('content-range')]).toEqual([416, 'bytes */5000']);

        expect((await fetchMedia(url.replace(/sig=[^&]+/, 'sig=forged'))).status).toBe(403);
        expect((await fetchMedia(url.replace(/u=[^&]+/, `u=${eve.userId}`))).status).toBe(403);
        await apiOk(relay, 'DELETE', `/api/conversations/${groupId}/members/${bob.userId}`, 204, { token: alice });
        expect((await fetchMedia(url)).status).toBe(403);
        await addMember(relay, groupId, alice, bob);
      });

      it('R-MEDIA-5: an upload cut off halfway resumes where it stopped after a relay restart, byte for byte', async () => {
        const data = Buffer.from(Array.from({ length: 600_000 }, (_, index) => (index * 7) % 256));
        const half = await upload(relay, alice, data, {
          conversationId: groupId,
          filename: 'big.bin',
          chunkSize: 200_000,
          stopAfter: (done) => done >= 200_000,
        });
        expect(half.finished).toBeUndefined();
        await relay.stop();
        relay = await startRelay({ ...LIMITS, ...storeEnv }, { database });
        const resumed = await upload(relay, alice, data, {
          conversationId: groupId,
          filename: 'big.bin',
          chunkSize: 200_000,
          uploadUrl: onThisRelay(half.url),
        });
        expect(resumed.id).toBe(half.id);
        expect(resumed.finished).toMatchObject({ state: 'ready', size: data.length });
        const served = Buffer.from(await (await fetchMedia(await signedUrl(half.id, 'original'))).arrayBuffer());
        expect(createHash('sha256').update(served).digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
        // Bob cannot look at or append to an upload of alice's: for him it does not exist.
        const half2 = await upload(relay, alice, data, {
          conversationId: groupId,
          filename: 'other.bin',
          chunkSize: 200_000,
          stopAfter: () => true,
        });
        const tusHeaders = { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${bob.accessToken}` };
        const theirs = await fetch(onThisRelay(half2.url), { method: 'HEAD', headers: tusHeaders });
        expect(theirs.status).toBe(404);
        expect((await fetch(onThisRelay(half2.url), { method: 'DELETE', headers: tusHeaders })).status).toBe(404);
        // Alice cancels it (tus DELETE): the others learn it will not come.
        const cancelled = await fetch(onThisRelay(half2.url), {
          method: 'DELETE',
          headers: { ...tusHeaders, Authorization: `Bearer ${alice.accessToken}` },
        });
        expect(cancelled.status).toBe(204);
        await waitFor(async () => (await info(half2.id, bob)).body.state === 'failed', 'the cancelled upload to fail');
        expect((await info(half2.id, bob)).body.error).toEqual({ code: 'cancelled', message: 'The sender cancelled this upload' });
      });
    });

    describe('media follow their messages', () => {
      it('R-MEDIA-6: a message names its upload; deleting the message deletes the media; uploads nobody named are swept', async () => {
        const named = await upload(relay, alice, Buffer.from('the minutes'), { conversationId: groupId, filename: 'minutes.txt' });
        const orphan = await upload(relay, alice, Buffer.from('never sent'), { conversationId: groupId, filename: 'draft.txt' });
        const partial = await upload(relay, alice, Buffer.alloc(300_000, 7), {
          conversationId: groupId,
          filename: 'cut.bin',
          chunkSize: 100_000,
          stopAfter: () => true,
        });
        expect(existsSync(join(database.dataDir, 'media', 'uploads', partial.id))).toBe(true);
        const segment: WebsocketProvider = await providers.open(relay, segmentDocName(groupId, 0), alice.accessToken);
        const clock = tick(createHlc(segment.doc.clientID.toString(36)), Date.now());
        const id = messageId(clock, segment.doc.clientID);
        sendMessage(
          segment.doc,
          { text: '', attachments: [{ id: named.id, kind: 'file', name: 'minutes.txt', size: 11, mime: 'text/plain' }] },
          { hlc: clock, id },
        );
        await waitFor(async () => (await info(named.id)).body.attached === true, 'the message to name its upload');
        // The sweep with no grace left: what no message named goes, what one did stays.
        expect(await relay.media.service.removeUnattached(0)).toBeGreaterThanOrEqual(1);
        expect((await info(orphan.id)).status).toBe(404);
        // An upload that never finished loses its partial bytes too.
        expect(existsSync(join(database.dataDir, 'media', 'uploads', partial.id))).toBe(false);
        expect((await info(named.id)).status).toBe(200);

        deleteMessage(segment.doc, id);
        await waitFor(async () => (await info(named.id)).status === 404, 'the media of the deleted message to go');
        await waitFor(async () => !(await storedIn(named.id)), 'its file to be removed');
        // A finished upload leaves no second copy behind in the upload store.
        expect(existsSync(join(database.dataDir, 'media', 'uploads', named.id))).toBe(false);
      });
    });
  });
}
