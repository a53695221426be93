// A reload while offline keeps what this device knew (issue 14 item 5): messages the relay stored
// still say Sent, the open conversation's badge clears and its read marker reaches the relay
// later, and a conversation this device never held says so instead of opening forever.
import { expect, test, type Page } from '@playwright/test';
import { message, newUser, openConversation, sendMessage, signIn, startDm } from './helpers/app.ts';
import { screenshotBoth } from './helpers/screenshots.ts';
import { serviceWorkerActive } from './helpers/service-worker.ts';

/** The unread badge on the list row of the conversation titled `title`. */
function badge(page: Page, title: string) {
  return page
    .getByRole('navigation', { name: 'Conversation list' })
    .getByRole('link', { name: new RegExp(title) })
    .locator('[data-unread]');
}

/** Goes offline and reloads: the service worker serves the app, the documents open from IndexedDB. */
async function reloadOffline(page: Page): Promise<void> {
  await page.context().setOffline(true);
  const reload = await page.reload();
  expect(reload?.fromServiceWorker()).toBe(true);
}

test('after an offline reload a message the relay stored still says Sent, one written offline Pending', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(alice.page, bob.username);
  await sendMessage(alice.page, 'Stored before the tunnel');
  await expect(message(alice.page, 'Stored before the tunnel').getByRole('img', { name: 'Sent' })).toBeVisible();
  await serviceWorkerActive(alice.page);

  await alice.page.context().setOffline(true);
  await sendMessage(alice.page, 'Written in the tunnel');
  await expect(message(alice.page, 'Written in the tunnel').getByRole('img', { name: 'Pending' })).toBeVisible();
  await reloadOffline(alice.page);
  await expect(message(alice.page, 'Written in the tunnel').getByRole('img', { name: 'Pending' })).toBeVisible();
  await expect(message(alice.page, 'Stored before the tunnel').getByRole('img', { name: 'Sent' })).toBeVisible();

  await alice.page.context().setOffline(false);
  await expect(message(alice.page, 'Written in the tunnel').getByRole('img', { name: 'Sent' })).toBeVisible();

  await alice.page.context().close();
  await bob.page.context().close();
});

test('the open conversation is read offline: its badge goes, and the read marker reaches the relay once back online', async ({
  browser,
}) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(alice.page, bob.username);
  await sendMessage(alice.page, 'Ping me when you land');
  await serviceWorkerActive(alice.page);
  // Alice's tab is in the background: Bob's answer reaches her copy of the DM but is not read.
  await alice.page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  });

  await bob.page.reload();
  await openConversation(bob.page, alice.username);
  await sendMessage(bob.page, 'Landed, boarding the train');
  await expect(message(alice.page, 'Landed, boarding the train')).toBeVisible();
  await expect(badge(alice.page, bob.username)).toHaveText('1 unread');

  // Back in front of her after an offline reload, the DM shows Bob's answer: it is read.
  await reloadOffline(alice.page);
  await expect(message(alice.page, 'Landed, boarding the train')).toBeVisible();
  await expect(badge(alice.page, bob.username)).toHaveCount(0);

  await alice.page.context().setOffline(false);
  const laptop = await (await browser.newContext()).newPage();
  await signIn(laptop, alice.username);
  await expect(laptop.getByRole('link', { name: new RegExp(bob.username) })).toContainText('Landed, boarding the train');
  await expect(badge(laptop, bob.username)).toHaveCount(0);

  for (const page of [alice.page, bob.page, laptop]) await page.context().close();
});

test('a conversation never opened here, opened offline, says it is not on this device yet and loads once online', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(bob.page, alice.username);
  await sendMessage(bob.page, 'Call me when you are back');
  await serviceWorkerActive(alice.page);
  await alice.page.reload();
  const row = alice.page.getByRole('navigation', { name: 'Conversation list' }).getByRole('link', { name: new RegExp(bob.username) });
  await expect(row).toContainText('Call me when you are back');

  await alice.page.context().setOffline(true);
  await row.click();
  const notice = alice.page.getByRole('status').filter({ hasText: 'This conversation is not on this device yet' });
  await expect(notice).toHaveText('This conversation is not on this device yet. It will load when you are back online.');
  await expect(alice.page.getByText('Opening conversation…')).toHaveCount(0);
  await screenshotBoth(alice.page, 'offline-not-on-device');

  await alice.page.context().setOffline(false);
  await expect(message(alice.page, 'Call me when you are back')).toBeVisible({ timeout: 15_000 });
  await expect(notice).toHaveCount(0);

  await alice.page.context().close();
  await bob.page.context().close();
});
