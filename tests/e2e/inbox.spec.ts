// The conversation list follows the inbox document the relay keeps: newest activity first,
// previews, unread badges that clear once the conversation is read, and the "Unread" filter.
import { expect, test } from '@playwright/test';
import { newUser, openConversation, sendMessage, startDm } from './helpers/app.ts';
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
