// Offline first: messages written without a network wait on the device (pending), survive a reload
// while still offline, and reach the other person in order once the network is back.
import { expect, test } from '@playwright/test';
import { message, messages, newUser, openConversation, sendMessage, startDm } from './helpers/app.ts';
import { serviceWorkerActive } from './helpers/service-worker.ts';

test('messages sent offline stay pending across a reload and arrive in order when back online', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(alice.page, bob.username);
  await sendMessage(alice.page, 'Going into the tunnel');
  await expect(message(alice.page, 'Going into the tunnel').getByRole('img', { name: 'Sent' })).toBeVisible();
  await serviceWorkerActive(alice.page);

  await bob.page.reload();
  await openConversation(bob.page, alice.username);
  await expect(messages(bob.page)).toHaveText([/Going into the tunnel/]);

  const offline = ['One, written underground', 'Two, still no signal', 'Three, almost out'];
  await alice.page.context().setOffline(true);
  await expect(alice.page.getByRole('status').filter({ hasText: "You're offline" })).toBeVisible();
  for (const text of offline) await sendMessage(alice.page, text);
  for (const text of offline) await expect(message(alice.page, text).getByRole('img', { name: 'Pending' })).toBeVisible();

  const reload = await alice.page.reload();
  expect(reload?.fromServiceWorker()).toBe(true);
  await expect(alice.page.getByRole('heading', { level: 1, name: bob.username })).toBeVisible();
  await expect(messages(alice.page)).toHaveText([/Going into the tunnel/, ...offline.map((text) => new RegExp(text))]);
  for (const text of offline) await expect(message(alice.page, text).getByRole('img', { name: 'Pending' })).toBeVisible();
  await expect(messages(bob.page)).toHaveCount(1);

  await alice.page.context().setOffline(false);
  await expect(messages(bob.page)).toHaveText([/Going into the tunnel/, ...offline.map((text) => new RegExp(text))]);
  // Bob has the DM open, so they are read as soon as they are delivered.
  for (const text of offline) await expect(message(alice.page, text).getByRole('img', { name: /^(Sent|Read)$/ })).toBeVisible();
  // Bob sees them as Alice's, not as someone unknown: the relay bound the earlier session's clientID.
  await expect(bob.page.locator('.group-head').last()).toContainText(alice.username);

  await alice.page.context().close();
  await bob.page.context().close();
});
