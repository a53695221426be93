// Presence people can read in the conversation header: a DM says Online, typing… or when the
// other person was last seen, within seconds of them leaving (pushed, not the 30 s poll); a group
// says how many of its members are online.
import { expect, test, type Page } from '@playwright/test';
import { composer, createGroup, newUser, openConversation, startDm } from './helpers/app.ts';
import { screenshotBoth } from './helpers/screenshots.ts';

/** The line under the conversation's name in its header. */
const subtitle = (page: Page, title: string) =>
  page
    .locator('header')
    .filter({ has: page.getByRole('heading', { level: 1, name: title }) })
    .locator('p');

test('a DM header says Online, typing… and, within seconds of the other leaving, Last seen', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(alice.page, bob.username);
  await expect(subtitle(alice.page, bob.username)).toHaveText('Online');
  // Offline, alice cannot know: the header stops claiming bob is online, and says so again once back.
  await alice.page.context().setOffline(true);
  await expect(subtitle(alice.page, bob.username)).toHaveText('Direct message');
  await alice.page.context().setOffline(false);
  await expect(subtitle(alice.page, bob.username)).toHaveText('Online');

  await bob.page.reload();
  await openConversation(bob.page, alice.username);
  await composer(bob.page).pressSequentially('on my way');
  await expect(subtitle(alice.page, bob.username)).toHaveText('typing…');
  await screenshotBoth(alice.page, 'presence-dm-typing');

  // Bob goes back to his list (only his inbox stays connected), then closes Parley: no awareness
  // departure in alice's conversation to hint at it, and the next poll is 30 s away.
  await composer(bob.page).fill('');
  await bob.page.goto('/');
  await expect(bob.page.getByRole('navigation', { name: 'Conversation list' })).toBeVisible();
  await expect(subtitle(alice.page, bob.username)).toHaveText('Online');
  await bob.page.context().close();
  await expect(subtitle(alice.page, bob.username)).toHaveText('Last seen just now', { timeout: 8_000 });
  await screenshotBoth(alice.page, 'presence-dm-last-seen');
  await alice.page.context().close();
});

test('a group header says how many of its members are online', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  const charlie = await newUser(browser, 'charlie');
  const name = 'Presence group';
  const groupId = await createGroup(alice.page, name);
  await alice.page.getByRole('link', { name: 'Conversation settings' }).click();
  for (const member of [bob, charlie]) {
    await alice.page.getByLabel('Username').fill(member.username);
    await alice.page.getByRole('button', { name: 'Invite', exact: true }).click();
    await expect(alice.page.getByText(`${member.username} was added.`)).toBeVisible();
  }
  await alice.page.goto(`/c/${groupId}`);
  await expect(subtitle(alice.page, name)).toHaveText('3 members, 3 online');
  await charlie.page.context().close();
  await expect(subtitle(alice.page, name)).toHaveText('3 members, 2 online', { timeout: 8_000 });
  await screenshotBoth(alice.page, 'presence-group');
  await alice.page.context().close();
  await bob.page.context().close();
});
