// The demo page against the real relay: live delivery between browsers, accessibility, screenshots.
import { expect, test } from '@playwright/test';
import { axeScan } from './helpers/axe.ts';
import { messages, openRoom, sendMessage, uniqueRoom } from './helpers/demo-room.ts';
import { screenshotBoth } from './helpers/screenshots.ts';

test('a message sent in one browser appears live in another', async ({ browser }) => {
  const room = uniqueRoom('live');
  const alice = await (await browser.newContext()).newPage();
  const bob = await (await browser.newContext()).newPage();
  await openRoom(alice, room);
  await openRoom(bob, room);
  await expect(bob.getByText('No messages yet.')).toBeVisible();

  await sendMessage(alice, 'Hello from Alice');
  await expect(messages(bob)).toHaveText(['Hello from Alice']);

  await sendMessage(bob, 'Hi Alice!');
  await expect(messages(alice)).toHaveText(['Hello from Alice', 'Hi Alice!']);
  await expect(alice.getByRole('textbox', { name: 'Message' })).toHaveValue('');

  await alice.context().close();
  await bob.context().close();
});

test('a room keeps its messages for the next visitor', async ({ page }) => {
  const room = uniqueRoom('history');
  await openRoom(page, room);
  await sendMessage(page, 'Still here after a reload');
  await expect(messages(page)).toHaveText(['Still here after a reload']);
  await page.reload();
  await expect(messages(page)).toHaveText(['Still here after a reload']);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the demo page has no serious or critical accessibility violations (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await openRoom(page, uniqueRoom('axe'));
    expect(await axeScan(page)).toEqual([]);
    await sendMessage(page, 'A message so that the list is scanned too');
    await page.getByRole('textbox', { name: 'Message' }).fill('A draft');
    expect(await axeScan(page)).toEqual([]);
  });

  test(`screenshots of the demo room (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    // Each run has a fresh database, so plain room names stay empty until this test writes.
    await openRoom(page, colorScheme === 'light' ? 'general' : 'random');
    for (const text of [
      'Welcome to Parley! Every message here is a Yjs update the relay stored before you saw it.',
      'Open this page in a second window to watch messages arrive live.',
      'Short one.',
    ]) {
      await sendMessage(page, text);
    }
    await expect(messages(page)).toHaveCount(3);
    await page.getByRole('textbox', { name: 'Message' }).fill('Typing a reply…');
    await screenshotBoth(page, `demo-room-${colorScheme}`);
  });
}
