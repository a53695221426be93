// The conversation list follows the inbox document the relay keeps: newest activity first,
// previews, unread badges that clear once the conversation is read, and the "Unread" filter. The
// unsent text of a conversation is kept there too, so it follows the user.
import { expect, test } from '@playwright/test';
import { composer, message, messageAction, newUser, openConversation, sendMessage, signIn, startDm } from './helpers/app.ts';
import { screenshotBoth } from './helpers/screenshots.ts';

test('the list reorders and unread badges come and go', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  const carol = await newUser(browser, 'carol');

  await startDm(alice.page, bob.username);
  await sendMessage(alice.page, 'Hi Bob');
  await startDm(alice.page, carol.username);
  await sendMessage(alice.page, 'Hi Carol');

  const rows = alice.page.getByRole('navigation', { name: 'Conversation list' }).getByRole('link');
  await expect(rows).toHaveText([new RegExp(carol.username), new RegExp(bob.username)]);
  const bobRow = rows.filter({ hasText: bob.username });
  await expect(bobRow).toContainText('You: Hi Bob');

  // Bob answers while Alice has Carol's DM open: his DM moves up, with a preview and a badge.
  await bob.page.reload();
  await openConversation(bob.page, alice.username);
  await sendMessage(bob.page, 'Hey Alice');
  await expect(rows).toHaveText([new RegExp(bob.username), new RegExp(carol.username)]);
  await expect(bobRow).toContainText('Hey Alice');
  await expect(bobRow.locator('[data-unread]')).toHaveText('1 unread');
  await alice.page.goto('/');
  await screenshotBoth(alice.page, 'list-unread');

  await alice.page.getByRole('button', { name: 'Unread' }).click();
  await expect(rows).toHaveText([new RegExp(bob.username)]);
  await alice.page.getByRole('button', { name: 'Unread' }).click();
  await expect(rows).toHaveCount(2);

  // Opening it reads it: the badge goes, here and (through the relay) on Alice's other devices.
  await openConversation(alice.page, bob.username);
  await expect(bobRow.locator('[data-unread]')).toHaveCount(0);
  await alice.page.reload();
  await expect(rows.filter({ hasText: bob.username })).toContainText('Hey Alice');
  await expect(bobRow.locator('[data-unread]')).toHaveCount(0);

  for (const user of [alice, bob, carol]) await user.page.context().close();
});

test('a draft stays through navigation and reloads, reaches the user on another device, and goes once sent', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(alice.page, bob.username);
  await sendMessage(alice.page, 'First things first');
  await composer(alice.page).fill('Half a thought');

  await alice.page.getByRole('link', { name: 'Parley' }).click();
  await openConversation(alice.page, bob.username);
  await expect(composer(alice.page)).toHaveValue('Half a thought');

  // A device that never opened the DM: the list and the draft both come from the inbox.
  const laptop = await (await browser.newContext()).newPage();
  await signIn(laptop, alice.username);
  await expect(
    laptop.getByRole('navigation', { name: 'Conversation list' }).getByRole('link', { name: new RegExp(bob.username) }),
  ).toContainText('You: First things first');
  await openConversation(laptop, bob.username);
  await expect(composer(laptop)).toHaveValue('Half a thought');

  await alice.page.reload();
  await expect(composer(alice.page)).toHaveValue('Half a thought');
  await sendMessage(alice.page, 'Half a thought, finished');

  await laptop.reload();
  await expect(message(laptop, 'Half a thought, finished')).toBeVisible();
  await expect(composer(laptop)).toHaveValue('');

  for (const page of [alice.page, bob.page, laptop]) await page.context().close();
});

test('an edited and then deleted message leaves no trace in the list, nor an unread badge', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(alice.page, bob.username);
  await sendMessage(alice.page, 'Preview orig');

  await bob.page.reload();
  const aliceRow = bob.page.getByRole('navigation', { name: 'Conversation list' }).getByRole('link', { name: new RegExp(alice.username) });
  await expect(aliceRow).toContainText('Preview orig');
  await expect(aliceRow.locator('[data-unread]')).toHaveText('1 unread');

  await composer(alice.page).click();
  await composer(alice.page).press('ArrowUp');
  await composer(alice.page).fill('Preview edited');
  await composer(alice.page).press('Enter');
  await expect(aliceRow).toContainText('Preview edited');
  await expect(aliceRow).not.toContainText('Preview orig');

  await messageAction(alice.page, 'Preview edited', 'Delete');
  await alice.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(aliceRow).toContainText('Message deleted');
  await expect(aliceRow.locator('[data-unread]')).toHaveCount(0);
  await bob.page.reload();
  await expect(aliceRow).toContainText('Message deleted');
  await expect(aliceRow).not.toContainText('Preview');
  await expect(aliceRow.locator('[data-unread]')).toHaveCount(0);

  const bobRow = alice.page.getByRole('navigation', { name: 'Conversation list' }).getByRole('link', { name: new RegExp(bob.username) });
  await expect(bobRow).toContainText('Message deleted');
  await expect(bobRow).not.toContainText('Preview');
  await alice.page.context().close();
  await bob.page.context().close();
});
