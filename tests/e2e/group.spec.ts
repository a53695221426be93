// A group of three: invites by name and by link, roles, a moderator deleting a member's message,
// and a removed member losing access.
import { expect, test } from '@playwright/test';
import { message, messageAction, messages, newUser, createGroup, openConversation, sendMessage } from './helpers/app.ts';

test('a moderator deletes a member message and a removed member loses access', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  const carol = await newUser(browser, 'carol');

  const groupId = await createGroup(alice.page, 'Book club', 'This month: Dune');
  await sendMessage(alice.page, 'Welcome to the book club');

  // Alice invites Bob by name and makes him a moderator; Carol comes in through an invite link.
  await alice.page.getByRole('link', { name: 'Conversation settings' }).click();
  await alice.page.getByLabel('Username').fill(bob.username);
  await alice.page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(alice.page.getByRole('list', { name: 'Members' }).getByText(bob.username, { exact: true })).toBeVisible();
  await alice.page.getByLabel(`Role of ${bob.username}`).selectOption('moderator');
  await expect(alice.page.getByLabel(`Role of ${bob.username}`)).toHaveValue('moderator');
  await alice.page.getByRole('button', { name: 'Create invite link' }).click();
  const link = await alice.page.getByLabel('Invite link').inputValue();
  expect(link).toMatch(/\/invite\/.+/);

  await carol.page.goto(new URL(link).pathname);
  await carol.page.getByRole('button', { name: 'Join conversation' }).click();
  await expect(carol.page).toHaveURL(new RegExp(`/c/${groupId}$`));
  await expect(message(carol.page, 'Welcome to the book club')).toBeVisible();
  await sendMessage(carol.page, 'Buy cheap watches here');

  // Bob, a moderator, deletes Carol's message; everyone sees the tombstone.
  await bob.page.reload();
  await openConversation(bob.page, 'Book club');
  await messageAction(bob.page, 'Buy cheap watches here', 'Delete');
  await bob.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(messages(carol.page).last()).toHaveText(/Message deleted/);

  // Alice removes Carol: Carol's open conversation closes and says so; reloading does not bring it back.
  await alice.page.reload();
  await alice.page.getByRole('button', { name: `Remove ${carol.username}` }).click();
  await alice.page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(alice.page.getByRole('list', { name: 'Members' }).getByText(carol.username, { exact: true })).toHaveCount(0);
  await expect(carol.page.getByRole('alert').filter({ hasText: 'You were removed from this conversation' })).toBeVisible();
  await carol.page.reload();
  await expect(carol.page.getByRole('alert').filter({ hasText: 'You were removed from this conversation' })).toBeVisible();
  await expect(carol.page.getByRole('navigation', { name: 'Conversation list' }).getByRole('link', { name: /Book club/ })).toHaveCount(0);

  for (const user of [alice, bob, carol]) await user.page.context().close();
});

test('the only admin cannot leave while others remain', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await createGroup(alice.page, 'Solo admin');
  await alice.page.getByRole('link', { name: 'Conversation settings' }).click();
  await alice.page.getByLabel('Username').fill(bob.username);
  await alice.page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(alice.page.getByRole('list', { name: 'Members' }).getByText(bob.username, { exact: true })).toBeVisible();

  await alice.page.getByRole('button', { name: 'Leave conversation' }).click();
  await alice.page.getByRole('dialog').getByRole('button', { name: 'Leave' }).click();
  await expect(alice.page.getByRole('alert').filter({ hasText: 'You are the only admin' })).toBeVisible();

  await alice.page.context().close();
  await bob.page.context().close();
});
