// Awareness between two people in a DM: the typing indicator, read receipts and presence.
import { expect, test } from '@playwright/test';
import { composer, message, newUser, openConversation, sendMessage, startDm } from './helpers/app.ts';
import { screenshotBoth } from './helpers/screenshots.ts';

test('the other side sees typing and read receipts', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');

  await startDm(alice.page, bob.username);
  await sendMessage(alice.page, 'Are you there?');
  const sent = message(alice.page, 'Are you there?');
  await expect(sent.getByRole('img', { name: 'Sent' })).toBeVisible();

  // Bob opens the DM: the message is in front of him, so Alice's tick turns to read.
  await bob.page.reload();
  await openConversation(bob.page, alice.username);
  await expect(sent.getByRole('img', { name: 'Read' })).toBeVisible();
  await expect(alice.page.getByText(`Seen by ${bob.username}`)).toBeVisible();

  // Bob types: Alice sees it live; sending clears it.
  const typing = alice.page.getByText(`${bob.username} is typing…`);
  await composer(bob.page).pressSequentially('Yes, one sec', { delay: 30 });
  await expect(typing).toBeVisible();
  await expect(alice.page.locator('[aria-live="polite"]', { hasText: 'is typing' })).toHaveCount(1);
  await screenshotBoth(alice.page, 'conversation-typing');
  await composer(bob.page).press('Enter');
  await expect(message(alice.page, 'Yes, one sec')).toBeVisible();
  await expect(typing).toHaveCount(0);

  // Typing without sending stops showing once Bob is idle.
  await composer(bob.page).pressSequentially('hm', { delay: 30 });
  await expect(typing).toBeVisible();
  await expect(typing).toHaveCount(0, { timeout: 8_000 });

  // Presence: Bob is online in Alice's list while he has the app open, and "last seen" after.
  const bobInList = alice.page.getByRole('navigation', { name: 'Conversation list' }).getByRole('link', { name: new RegExp(bob.username) });
  await expect(bobInList.locator('[data-presence="online"]')).toBeVisible();
  await expect(bobInList).toContainText('Online');
  await bob.page.context().close();
  await alice.page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(bobInList.locator('[data-presence="offline"]')).toBeVisible();
  await expect(bobInList).toContainText(/Last seen/);

  await alice.page.context().close();
});
