// A reload while offline keeps what this device knew (issue 14 item 5): messages the relay stored
// still say Sent, the open conversation's badge clears and its read marker reaches the relay
// later, and a conversation this device never held says so instead of opening forever.
import { expect, test, type Page } from '@playwright/test';
import { message, newUser, sendMessage, startDm } from './helpers/app.ts';
import { serviceWorkerActive } from './helpers/service-worker.ts';

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
