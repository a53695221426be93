// Media in conversations (issue 15, the app): attaching photos, videos and files, their progress
// and placeholders, the grid and the lightbox, offline queueing (also across a reload), video
// playback and seeking, downloads that never run in the app, and media kept from non-members.
// Real relay, real files: photos drawn with sharp, a 4 s WebM made with
// `ffmpeg -f lavfi -i testsrc=size=320x180:rate=15:duration=4 -c:v libvpx -b:v 60k -g 15 -an`.
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import sharp from 'sharp';
import { axeScan } from './helpers/axe.ts';
import { composer, createGroup, message, messages, newUser, openConversation, startDm, uniqueName } from './helpers/app.ts';
import { screenshotBoth } from './helpers/screenshots.ts';
import { serviceWorkerActive } from './helpers/service-worker.ts';

const CLIP = readFileSync(new URL('./fixtures/clip.webm', import.meta.url));

interface FileInput {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** A `width` × `height` JPEG of a colour gradient (so its ThumbHash is not one flat colour). */
async function photo(name: string, width = 800, height = 600, hue = 0): Promise<FileInput> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      pixels[at] = Math.min(255, Math.round((x / width) * 160) + hue);
      pixels[at + 1] = Math.round((y / height) * 200);
      pixels[at + 2] = 255 - hue;
    }
  }
  const buffer = await sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
  return { name, mimeType: 'image/jpeg', buffer };
}

/** No serious or critical axe violations in light and in dark. */
async function scanBothSchemes(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await axeScan(page), `${name} (${colorScheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function attach(page: Page, ...files: FileInput[]): Promise<void> {
  await page.locator('[data-attach-input]').setInputFiles(files);
  await expect(tray(page).getByRole('listitem')).toHaveCount(files.length);
}

const tray = (page: Page) => page.getByRole('list', { name: 'Attachments to send' });

/** Sends what is in the composer (text or none) with its attachments. */
async function send(page: Page, text = ''): Promise<void> {
  await composer(page).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(tray(page)).toHaveCount(0);
}

/** The message rows holding an attachment named `name`. */
function withAttachment(page: Page, name: string): Locator {
  return messages(page).filter({ has: page.getByRole('button', { name: new RegExp(`Open photo ${name}`) }) });
}

/** Holds every PATCH (the bytes) of this page's uploads until the returned function is called. */
async function holdUploads(page: Page): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const pattern = '**/api/media/uploads/*';
  await page.route(pattern, async (route) => {
    if (route.request().method() === 'PATCH') await released;
    // Unrouting while a request is held hands it on already.
    await route.continue().catch(() => {});
  });
  return async () => {
    release();
    await page.unroute(pattern);
  };
}

test('alice attaches photos and sees them upload; bob sees placeholders, then the images, and opens them in the lightbox', async ({
  browser,
}) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(alice.page, bob.username);
  const errors: string[] = [];
  bob.page.on('pageerror', (error) => errors.push(error.message));

  const release = await holdUploads(alice.page);
  await attach(alice.page, await photo('sunrise.jpg', 800, 600));
  await expect(tray(alice.page).getByRole('img')).toHaveCount(0); // previews are decorative: the name is the label
  await expect(tray(alice.page).getByRole('button', { name: 'Remove sunrise.jpg' })).toBeVisible();
  await screenshotBoth(alice.page, 'media-composer-previews');
  await scanBothSchemes(alice.page, 'composer with previews');
  await send(alice.page);

  // The message is written once the upload exists, while its bytes are still held back.
  const progress = alice.page.getByRole('progressbar', { name: 'Uploading sunrise.jpg' });
  await expect(progress).toBeVisible();
  await expect(alice.page.getByRole('button', { name: 'Cancel upload of sunrise.jpg' })).toBeVisible();

  await openConversation(bob.page, alice.username);
  const tile = withAttachment(bob.page, 'sunrise.jpg').locator('[data-loaded]');
  await expect(tile).toHaveAttribute('data-loaded', 'false');
  // The ThumbHash placeholder, in the photo's own 4:3 shape, before any byte of the photo arrived.
  await expect(tile).toHaveCSS('background-image', /^url\("data:image\/png/);
  const box = (await tile.boundingBox())!;
  expect(box.width / box.height).toBeCloseTo(4 / 3, 1);

  await release();
  await expect(progress).toHaveCount(0);
  await expect(tile).toHaveAttribute('data-loaded', 'true', { timeout: 20_000 });
  // The layout did not move when the image came in.
  const after = (await tile.boundingBox())!;
  expect([after.width, after.height]).toEqual([box.width, box.height]);
  // The list says what a message of a photo alone is, on both sides.
  const row = (page: Page, title: string) =>
    page.getByRole('navigation', { name: 'Conversation list' }).getByRole('link', { name: new RegExp(title) });
  await expect(row(bob.page, alice.username)).toContainText('Photo');
  await expect(row(alice.page, bob.username)).toContainText('You: Photo');

  await withAttachment(bob.page, 'sunrise.jpg').getByRole('button', { name: 'Open photo sunrise.jpg' }).click();
  const lightbox = bob.page.getByRole('dialog', { name: 'Photo' });
  await expect(lightbox).toBeVisible();
  await expect(lightbox.getByRole('img', { name: 'sunrise.jpg' })).toBeVisible();
  await bob.page.keyboard.press('Escape');
  await expect(lightbox).toHaveCount(0);

  // Three photos make a grid: one large, two small; the lightbox goes through them.
  await attach(
    alice.page,
    await photo('one.jpg', 600, 800, 20),
    await photo('two.jpg', 800, 600, 60),
    await photo('three.jpg', 640, 640, 95),
  );
  await send(alice.page, 'The view from the hill');
  const grid = message(bob.page, 'The view from the hill');
  await expect(grid.locator('[data-loaded="true"]')).toHaveCount(3, { timeout: 20_000 });
  await screenshotBoth(bob.page, 'media-message-grid');
  await scanBothSchemes(bob.page, 'message with a grid');

  await grid.getByRole('button', { name: 'Open photo two.jpg' }).click();
  const gallery = bob.page.getByRole('dialog', { name: 'Photo 2 of 3' });
  await expect(gallery).toBeVisible();
  await bob.page.keyboard.press('ArrowRight');
  await expect(bob.page.getByRole('dialog', { name: 'Photo 3 of 3' })).toBeVisible();
  await bob.page.keyboard.press('ArrowLeft');
  await bob.page.keyboard.press('ArrowLeft');
  await expect(bob.page.getByRole('dialog', { name: 'Photo 1 of 3' })).toBeVisible();
  await expect(bob.page.getByRole('dialog').locator('[data-loaded="true"]').first()).toBeVisible();
  await screenshotBoth(bob.page, 'media-lightbox');
  await scanBothSchemes(bob.page, 'lightbox');

  // A swipe to the left is the next photo.
  const stage = (await bob.page.getByRole('dialog').boundingBox())!;
  await bob.page.mouse.move(stage.x + stage.width * 0.7, stage.y + stage.height / 2);
  await bob.page.mouse.down();
  await bob.page.mouse.move(stage.x + stage.width * 0.3, stage.y + stage.height / 2, { steps: 5 });
  await bob.page.mouse.up();
  await expect(bob.page.getByRole('dialog', { name: 'Photo 2 of 3' })).toBeVisible();
  await bob.page.getByRole('button', { name: 'Close' }).click();
  await expect(bob.page.getByRole('dialog')).toHaveCount(0);
  expect(errors).toEqual([]);

  await alice.page.context().close();
  await bob.page.context().close();
});

test('files are added by pasting and by dropping them on the conversation, and removed from the tray', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(alice.page, bob.username);
  const pasted = await photo('pasted.jpg', 400, 300);
  await composer(alice.page).evaluate(
    (box, bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'pasted.jpg', { type: 'image/jpeg' }));
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    [...pasted.buffer],
  );
  await expect(tray(alice.page).getByRole('listitem')).toHaveCount(1);
  await alice.page.getByRole('region', { name: bob.username }).evaluate((section) => {
    const data = new DataTransfer();
    data.items.add(new File(['the minutes'], 'minutes.txt', { type: 'text/plain' }));
    section.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    section.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  await expect(tray(alice.page).getByRole('listitem')).toHaveCount(2);
  await tray(alice.page).getByRole('button', { name: 'Remove pasted.jpg' }).click();
  await expect(tray(alice.page).getByRole('listitem')).toHaveCount(1);
  await send(alice.page);
  await openConversation(bob.page, alice.username);
  await expect(bob.page.getByRole('link', { name: 'Download minutes.txt' })).toBeVisible({ timeout: 20_000 });
  await expect(withAttachment(bob.page, 'pasted.jpg')).toHaveCount(0);

  await alice.page.context().close();
  await bob.page.context().close();
});

test('cancelling: before the message is written the photo goes; after, the upload stops and shows as cancelled', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(alice.page, bob.username);

  // Offline, nothing is created on the relay: cancel takes the photo, and the message with it.
  await alice.page.context().setOffline(true);
  await attach(alice.page, await photo('never.jpg'));
  await send(alice.page);
  await expect(withAttachment(alice.page, 'never.jpg')).toHaveCount(1);
  await alice.page.getByRole('button', { name: 'Cancel upload of never.jpg' }).click();
  await expect(withAttachment(alice.page, 'never.jpg')).toHaveCount(0);
  await alice.page.context().setOffline(false);

  const release = await holdUploads(alice.page);
  await attach(alice.page, await photo('halfway.jpg'));
  await send(alice.page, 'Wait, wrong one');
  await expect(alice.page.getByRole('progressbar', { name: 'Uploading halfway.jpg' })).toBeVisible();
  await expect(message(alice.page, 'Wait, wrong one').getByRole('img', { name: /Sent|Read/ })).toBeVisible();
  await alice.page.getByRole('button', { name: 'Cancel upload of halfway.jpg' }).click();
  await expect(message(alice.page, 'Wait, wrong one').getByRole('alert')).toHaveText(/Upload cancelled/);
  await release();
  // The relay only knows the upload as never finished: after a reload this device still says why.
  await alice.page.reload();
  await expect(message(alice.page, 'Wait, wrong one')).toContainText('Upload cancelled');

  await alice.page.context().close();
  await bob.page.context().close();
});

test('a photo attached offline is shown at once and sent once back online, also after a reload', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(alice.page, bob.username);
  await serviceWorkerActive(alice.page);
  await openConversation(bob.page, alice.username);

  await alice.page.context().setOffline(true);
  await attach(alice.page, await photo('tunnel.jpg'));
  await send(alice.page, 'Sent from the tunnel');
  const pending = message(alice.page, 'Sent from the tunnel');
  await expect(pending.getByRole('img', { name: 'Pending' })).toBeVisible();
  await expect(pending.locator('[data-loaded="true"]')).toHaveCount(1);
  await expect(pending.getByRole('progressbar', { name: 'Uploading tunnel.jpg' })).toHaveAttribute(
    'aria-valuetext',
    'Waiting for the network',
  );

  await alice.page.context().setOffline(false);
  await expect(message(bob.page, 'Sent from the tunnel').locator('[data-loaded="true"]')).toHaveCount(1, { timeout: 20_000 });

  // Again, with a reload in between: the file waits in IndexedDB.
  await alice.page.context().setOffline(true);
  await attach(alice.page, await photo('reload.jpg', 640, 480, 120));
  await send(alice.page, 'Survives a reload');
  await expect(message(alice.page, 'Survives a reload').getByRole('img', { name: 'Pending' })).toBeVisible();
  const reload = await alice.page.reload();
  expect(reload?.fromServiceWorker()).toBe(true);
  await expect(message(alice.page, 'Survives a reload').locator('[data-loaded="true"]')).toHaveCount(1);
  await alice.page.context().setOffline(false);
  await expect(message(bob.page, 'Survives a reload').locator('[data-loaded="true"]')).toHaveCount(1, { timeout: 20_000 });
  await expect(message(alice.page, 'Survives a reload').getByRole('img', { name: /Sent|Read/ })).toBeVisible();
  expect(await alice.page.evaluate(() => navigator.storage.persisted())).toBeDefined();

  await alice.page.context().close();
  await bob.page.context().close();
});

test('a photo queued offline goes once online even when its conversation is no longer open, also after a reload elsewhere', async ({
  browser,
}) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(alice.page, bob.username);
  await serviceWorkerActive(alice.page);
  await openConversation(bob.page, alice.username);

  await alice.page.context().setOffline(true);
  await attach(alice.page, await photo('moved-on.jpg', 640, 480, 70));
  await send(alice.page, 'Sent, then moved on');
  // Alice goes back to the list, and the app is reloaded there: the DM is not open any more.
  await alice.page.goto('/');
  await expect(alice.page.getByRole('navigation', { name: 'Conversation list' })).toBeVisible();
  await alice.page.context().setOffline(false);
  await expect(message(bob.page, 'Sent, then moved on').locator('[data-loaded="true"]')).toHaveCount(1, { timeout: 30_000 });
  expect(alice.page.url()).not.toContain('/c/');

  await alice.page.context().close();
  await bob.page.context().close();
});

test('an upload cut off by the network going away resumes where it stopped once the network is back', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(alice.page, bob.username);
  await openConversation(bob.page, alice.username);
  const requests: string[] = [];
  alice.page.on('request', (request) => {
    if (request.url().includes('/api/media/uploads')) requests.push(request.method());
  });
  // The first PATCH dies with the network.
  let cut = 0;
  await alice.page.route('**/api/media/uploads/*', async (route) => {
    if (route.request().method() === 'PATCH' && cut++ === 0) {
      await alice.page.context().setOffline(true);
      await route.abort('internetdisconnected');
      return;
    }
    await route.continue();
  });
  await attach(alice.page, await photo('tunnel-halfway.jpg', 1600, 1200, 10));
  await send(alice.page, 'Into the tunnel');
  await expect(alice.page.getByRole('progressbar', { name: 'Uploading tunnel-halfway.jpg' })).toHaveAttribute(
    'aria-valuetext',
    'Waiting for the network',
  );
  await alice.page.context().setOffline(false);
  await expect(message(bob.page, 'Into the tunnel').locator('[data-loaded="true"]')).toHaveCount(1, { timeout: 30_000 });
  // The same upload went on: asked how far it got (HEAD), never created again.
  expect(requests.filter((method) => method === 'POST')).toHaveLength(1);
  expect(requests).toContain('HEAD');

  await alice.page.context().close();
  await bob.page.context().close();
});

test('an upload cut off by a reload resumes from its upload URL, and the message it was written in gets its photo', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(alice.page, bob.username);
  // The first PATCH (the bytes) never gets through: the page is reloaded while it hangs.
  let held = 0;
  await alice.page.route('**/api/media/uploads/*', async (route) => {
    if (route.request().method() === 'PATCH' && held++ === 0) return;
    await route.continue();
  });
  await attach(alice.page, await photo('resumed.jpg', 1200, 900, 50));
  await send(alice.page, 'Cut off halfway');
  // Written with its media id while the bytes are held back.
  await expect(message(alice.page, 'Cut off halfway').getByRole('img', { name: /Sent|Read/ })).toBeVisible();
  await expect.poll(() => held).toBe(1);
  const requests: string[] = [];
  alice.page.on('request', (request) => {
    if (request.url().includes('/api/media/uploads')) requests.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  await alice.page.reload();

  await openConversation(bob.page, alice.username);
  await expect(message(bob.page, 'Cut off halfway').locator('[data-loaded="true"]')).toHaveCount(1, { timeout: 30_000 });
  // No second upload was created: the same one was asked how far it got and finished.
  expect(requests.filter((request) => request.startsWith('POST'))).toEqual([]);
  expect(requests.some((request) => /^HEAD \/api\/media\/uploads\/m[0-9a-z]{16}$/.test(request))).toBe(true);

  await alice.page.context().close();
  await bob.page.context().close();
});

test('photos seen stay visible offline, after a reload: the service worker keeps their thumbnails', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(alice.page, bob.username);
  await attach(alice.page, await photo('kept.jpg', 800, 600, 30));
  await send(alice.page, 'Keep this one');

  // Once the worker controls the page, what bob sees goes through it.
  await serviceWorkerActive(bob.page);
  await bob.page.reload();
  await openConversation(bob.page, alice.username);
  const kept = message(bob.page, 'Keep this one');
  await expect(kept.locator('[data-loaded="true"]')).toHaveCount(1, { timeout: 20_000 });
  expect(
    await bob.page.evaluate(async () => (await (await caches.open('parley-media')).keys()).map((request) => new URL(request.url).pathname)),
  ).toContain(`/media-cache/${await kept.locator('[data-attachment-id]').getAttribute('data-attachment-id')}/thumb-320`);

  await bob.page.context().setOffline(true);
  const reload = await bob.page.reload();
  expect(reload?.fromServiceWorker()).toBe(true);
  await expect(message(bob.page, 'Keep this one').locator('[data-loaded="true"]')).toHaveCount(1);
  await expect(message(bob.page, 'Keep this one').locator('img')).toHaveAttribute('src', /^\/media\/m[0-9a-z]{16}\/thumb-320$/);

  // Signing out takes them away: they are the user's, not the next one's.
  await bob.page.context().setOffline(false);
  await bob.page.goto('/account');
  await bob.page.getByRole('button', { name: 'Sign out' }).click();
  await expect(bob.page.getByLabel('Username')).toBeVisible();
  await expect.poll(() => bob.page.evaluate(() => caches.has('parley-media'))).toBe(false);

  await alice.page.context().close();
  await bob.page.context().close();
});

test('a video plays inline and seeks', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(alice.page, bob.username);
  await attach(alice.page, { name: 'clip.webm', mimeType: 'video/webm', buffer: CLIP });
  await send(alice.page, 'A short clip');

  await openConversation(bob.page, alice.username);
  const video = message(bob.page, 'A short clip').locator('video');
  await expect(video).toHaveAttribute('src', /\/media\/m[0-9a-z]{16}\/original\?/, { timeout: 20_000 });
  await expect(video).toHaveAttribute('poster', /\/media\/m[0-9a-z]{16}\/thumb-1280\?/, { timeout: 20_000 });
  await expect.poll(() => video.evaluate((element: HTMLVideoElement) => Math.round(element.duration)), { timeout: 15_000 }).toBe(4);
  await video.evaluate((element: HTMLVideoElement) => {
    element.muted = true;
    return element.play();
  });
  await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.currentTime)).toBeGreaterThan(0);
  await video.evaluate((element: HTMLVideoElement) => {
    element.pause();
    element.currentTime = 3;
  });
  await expect.poll(() => video.evaluate((element: HTMLVideoElement) => (element.seeking ? -1 : element.currentTime))).toBeCloseTo(3, 0);
  await screenshotBoth(bob.page, 'media-video');

  await alice.page.context().close();
  await bob.page.context().close();
});

test('an SVG with a script and an HTML file are offered as downloads, and nothing in them runs', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(alice.page, bob.username);
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert("svg")</script><rect width="10" height="10"/></svg>';
  const html = '<!doctype html><html><body><script>alert("html")</script><img src=x onerror="alert(1)"></body></html>';
  await attach(
    alice.page,
    { name: 'drawing.svg', mimeType: 'image/svg+xml', buffer: Buffer.from(svg) },
    { name: 'page.html', mimeType: 'text/html', buffer: Buffer.from(html) },
  );
  await send(alice.page, 'Two files');

  await openConversation(bob.page, alice.username);
  const dialogs: string[] = [];
  const errors: string[] = [];
  bob.page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  bob.page.on('pageerror', (error) => errors.push(error.message));
  const files = message(bob.page, 'Two files');
  await expect(files.getByText('drawing.svg')).toBeVisible();
  await expect(files.getByText('page.html')).toBeVisible();
  for (const name of ['drawing.svg', 'page.html']) {
    const link = files.getByRole('link', { name: `Download ${name}` });
    await expect(link).toBeVisible({ timeout: 20_000 });
    const [download] = await Promise.all([bob.page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(name);
    // Opened directly in a tab, the relay still sends it as a download in a sandbox.
    const response = await bob.page.request.get((await link.getAttribute('href'))!);
    expect(response.headers()['content-type']).toBe('application/octet-stream');
    expect(response.headers()['content-disposition']).toMatch(/^attachment/);
  }
  await expect(bob.page.locator('svg script, iframe')).toHaveCount(0);
  expect(dialogs).toEqual([]);
  expect(errors).toEqual([]);

  await alice.page.context().close();
  await bob.page.context().close();
});

test('charlie, not a member, cannot see the media or get a URL for it', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  const charlie = await newUser(browser, 'charlie');
  await startDm(alice.page, bob.username);
  await attach(alice.page, await photo('private.jpg'));
  await send(alice.page, uniqueName('private'));

  await openConversation(bob.page, alice.username);
  const tile = withAttachment(bob.page, 'private.jpg');
  await expect(tile.locator('[data-loaded="true"]')).toHaveCount(1, { timeout: 20_000 });
  const id = (await tile.locator('[data-attachment-id]').getAttribute('data-attachment-id'))!;
  const signed = (await tile.locator('img').getAttribute('src'))!;

  const token = await charlie.page.evaluate(
    () => (JSON.parse(localStorage.getItem('parley:session')!) as { accessToken: string }).accessToken,
  );
  const headers = { authorization: `Bearer ${token}` };
  expect((await charlie.page.request.get(`/api/media/${id}`, { headers })).status()).toBe(404);
  expect((await charlie.page.request.get(`/api/media/${id}/url?variant=original`, { headers })).status()).toBe(404);
  // Bob's signed URL, in charlie's hands, names bob: it works for bob only while bob is a member,
  // and without the signature nobody gets anything.
  expect((await charlie.page.request.get(new URL(signed, 'http://x').pathname)).status()).toBe(403);

  for (const page of [alice.page, bob.page, charlie.page]) await page.context().close();
});

test('a member removed from a group loses its media at once, even with a URL the app had fetched', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  const name = `Album ${uniqueName('g')}`;
  const groupId = await createGroup(alice.page, name);
  const tokenOf = (page: Page) =>
    page.evaluate(() => (JSON.parse(localStorage.getItem('parley:session')!) as { accessToken: string }).accessToken);
  const asAlice = { authorization: `Bearer ${await tokenOf(alice.page)}` };
  await alice.page.request.post(`/api/conversations/${groupId}/invites`, { headers: asAlice, data: { username: bob.username } });
  await attach(alice.page, await photo('album.jpg'));
  await send(alice.page, uniqueName('album'));

  await bob.page.goto(`/c/${groupId}`);
  const tile = withAttachment(bob.page, 'album.jpg');
  await expect(tile.locator('[data-loaded="true"]')).toHaveCount(1, { timeout: 20_000 });
  const signed = (await tile.locator('img').getAttribute('src'))!;
  expect((await bob.page.request.get(signed)).status()).toBe(200);

  const bobId = await bob.page.evaluate(() => (JSON.parse(localStorage.getItem('parley:session')!) as { user: { id: string } }).user.id);
  expect((await alice.page.request.delete(`/api/conversations/${groupId}/members/${bobId}`, { headers: asAlice })).status()).toBe(204);
  expect((await bob.page.request.get(signed)).status()).toBe(403);
  await expect(bob.page.getByRole('alert').getByRole('heading')).toHaveText('You were removed from this conversation');
  for (const page of [alice.page, bob.page]) await page.context().close();
});

test('a file over the limit says which limit, before its bytes are sent, and nothing else is lost', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(alice.page, bob.username);
  // The e2e relay allows files of at most 2 MB (tests/e2e/helpers/relay.ts).
  await attach(alice.page, { name: 'backup.zip', mimeType: 'application/zip', buffer: Buffer.alloc(3 * 1024 * 1024, 7) });
  let patches = 0;
  alice.page.on('request', (request) => {
    if (request.method() === 'PATCH' && request.url().includes('/api/media/uploads')) patches++;
  });
  await send(alice.page, 'the backup');
  await expect(message(alice.page, 'the backup')).toContainText('A file can be at most 2 MB');
  expect(patches).toBe(0);
  await composer(alice.page).fill('and a plain message');
  await composer(alice.page).press('Enter');
  await openConversation(bob.page, alice.username);
  await expect(message(bob.page, 'and a plain message')).toBeVisible();
  await screenshotBoth(alice.page, 'media-too-large');
  for (const page of [alice.page, bob.page]) await page.context().close();
});
