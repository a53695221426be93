// What others do shows up without a reload: a DM someone starts with me, a group I am added to
// or removed from, a rename, a new role.
import { expect, test, type Page } from '@playwright/test';
import { createGroup, newUser, startDm } from './helpers/app.ts';
import { screenshotBoth } from './helpers/screenshots.ts';

const listLink = (page: Page, title: string) =>
  page.getByRole('navigation', { name: 'Conversation list' }).getByRole('link', { name: new RegExp(title) });

test('conversations, names and roles change live for the other members', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');

  // Bob starts a DM: it appears in Alice's list while she just looks at it.
  await startDm(bob.page, alice.username);
  await expect(listLink(alice.page, bob.username)).toBeVisible();

  // Alice adds Bob to a group: it appears in Bob's list; he opens it and its settings.
  const groupId = await createGroup(alice.page, 'Hike', 'Saturday');
  await alice.page.getByRole('link', { name: 'Conversation settings' }).click();
  await alice.page.getByLabel('Username').fill(bob.username);
  await alice.page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(listLink(bob.page, 'Hike')).toBeVisible();
  await bob.page.goto(`/c/${groupId}/settings`);
  const bobsRole = bob.page.getByRole('list', { name: 'Members' }).getByRole('listitem').filter({ hasText: bob.username });
  await expect(bobsRole).toContainText('Member');
  await expect(bob.page.getByRole('button', { name: 'Edit' })).toHaveCount(0);

  // Alice renames the group and sets a topic: Bob's list, header and settings follow.
  await alice.page.getByRole('button', { name: 'Edit' }).click();
  await alice.page.getByLabel('Name', { exact: true }).fill('Hike on Sunday');
  await alice.page.getByLabel(/Topic/).fill('Meet at the station, 9:00');
  await alice.page.getByRole('button', { name: 'Save' }).click();
  await expect(alice.page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await expect(bob.page.getByRole('heading', { level: 1, name: 'Hike on Sunday' })).toBeVisible();
  await expect(bob.page.getByRole('region', { name: 'About' })).toContainText('Meet at the station, 9:00');
  await expect(listLink(bob.page, 'Hike on Sunday')).toBeVisible();

  // Alice makes Bob a moderator: his own settings show it, and he may now edit, but not visibility.
  await alice.page.getByLabel(`Role of ${bob.username}`).selectOption('moderator');
  await expect(bobsRole).toContainText('Moderator');
  await bob.page.getByRole('button', { name: 'Edit' }).click();
  await expect(bob.page.getByRole('radio', { name: /Public/ })).toBeDisabled();
  await expect(bob.page.getByText('Only admins change who can join.')).toBeVisible();
  await screenshotBoth(bob.page, 'settings-edit-moderator');
  await bob.page.getByRole('button', { name: 'Cancel' }).click();

  // Alice removes Bob: the group leaves his list.
  await bob.page.goto('/');
  await expect(listLink(bob.page, 'Hike on Sunday')).toBeVisible();
  await alice.page.getByRole('button', { name: `Remove ${bob.username}` }).click();
  await alice.page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
  await expect(listLink(bob.page, 'Hike on Sunday')).toHaveCount(0);
  await expect(listLink(bob.page, alice.username)).toBeVisible();

  for (const user of [alice, bob]) await user.page.context().close();
});

test('an admin renames a group and makes it public; a blank name is refused before sending', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  await createGroup(alice.page, 'Quiet room');
  await alice.page.getByRole('link', { name: 'Conversation settings' }).click();
  await alice.page.getByRole('button', { name: 'Edit' }).click();
  await alice.page.getByLabel('Name', { exact: true }).fill('   ');
  await alice.page.getByRole('button', { name: 'Save' }).click();
  await expect(alice.page.getByText('Give the group a name.')).toBeVisible();
  await alice.page.getByLabel('Name', { exact: true }).fill('Loud room');
  await alice.page.getByRole('radio', { name: /Public/ }).check();
  await alice.page.getByRole('button', { name: 'Save' }).click();
  await expect(alice.page.getByText('Public: anyone with the link can join')).toBeVisible();
  await expect(alice.page.getByRole('heading', { level: 1, name: 'Loud room' })).toBeVisible();
  await alice.page.context().close();
});
