// Awareness between two people in a DM: the typing indicator, read receipts and presence.
import { expect, test } from '@playwright/test';
import { composer, createGroup, message, newUser, openConversation, sendMessage, signIn, startDm, uniqueName } from './helpers/app.ts';
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
  await expect(alice.page.getByText(/^Read \d{1,2}:\d{2}/)).toBeVisible();

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

test('a receipt lasts: bob reads while alice is away, and her other device shows it too', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(alice.page, bob.username);
  await sendMessage(alice.page, 'Read this when you can');
  await expect(message(alice.page, 'Read this when you can').getByRole('img', { name: 'Sent' })).toBeVisible();
  await alice.page.context().close();

  // Alice is gone; Bob reads.
  await bob.page.reload();
  await openConversation(bob.page, alice.username);
  await expect(message(bob.page, 'Read this when you can')).toBeVisible();
  // His read marker reached the relay once his unread badge is gone.
  const aliceInList = bob.page
    .getByRole('navigation', { name: 'Conversation list' })
    .getByRole('link', { name: new RegExp(alice.username) });
  await expect(aliceInList.locator('[data-unread]')).toHaveCount(0);
  await bob.page.context().close();

  // A device Alice never used: the stored receipt says Read, with nobody else online.
  const laptop = await (await browser.newContext()).newPage();
  await signIn(laptop, alice.username);
  await openConversation(laptop, bob.username);
  await expect(message(laptop, 'Read this when you can').getByRole('img', { name: 'Read' })).toBeVisible();
  await expect(laptop.getByText(/^Read \d{1,2}:\d{2}/)).toBeVisible();
  await screenshotBoth(laptop, 'receipt-stored');
  await laptop.context().close();
});

test('in a group, Seen by lists the members who read the newest message', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  const group = uniqueName('Reads');
  const groupId = await createGroup(alice.page, group);
  await alice.page.getByRole('link', { name: 'Conversation settings' }).click();
  await alice.page.getByLabel('Username').fill(bob.username);
  await alice.page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(alice.page.getByRole('list', { name: 'Members' }).getByText(bob.username, { exact: true })).toBeVisible();
  await alice.page.goto(`/c/${groupId}`);
  await sendMessage(alice.page, 'Group hello');
  await bob.page.reload();
  await openConversation(bob.page, group);
  await expect(message(bob.page, 'Group hello')).toBeVisible();
  await bob.page.context().close();
  await expect(alice.page.getByText(`Seen by ${bob.username}`)).toBeVisible();
  await alice.page.context().close();
});
