// Public groups people can find and join: the directory, and a public group's link opened by a
// non-member, which offers Join instead of an error. A private group's link says it is private.
import { expect, test, type Page } from '@playwright/test';
import { axeScan } from './helpers/axe.ts';
import { composer, createGroup, message, newUser, openConversation, sendMessage, uniqueName } from './helpers/app.ts';
import { screenshotBoth } from './helpers/screenshots.ts';

function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

test('a public group is found in the directory by its topic and joined from there', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  const tag = uniqueName('trail');
  const name = `Hiking club ${tag}`;
  await createGroup(alice.page, name, `Weekend walks near ${tag}`, 'public');
  await sendMessage(alice.page, 'Saturday at nine?');
  await createGroup(alice.page, `Private ${tag}`);

  const errors = pageErrors(bob.page);
  await bob.page.getByRole('link', { name: 'Public groups' }).click();
  await bob.page.getByLabel('Search public groups').fill(`near ${tag}`);
  const found = bob.page.getByRole('list', { name: 'Public groups found' }).getByRole('listitem');
  await expect(found).toHaveCount(1);
  await expect(found).toContainText(name);
  await expect(found).toContainText(`Weekend walks near ${tag}`);
  await expect(found).toContainText('1 member');
  for (const colorScheme of ['light', 'dark'] as const) {
    await bob.page.emulateMedia({ colorScheme });
    expect(await axeScan(bob.page), colorScheme).toEqual([]);
  }
  await bob.page.emulateMedia({ colorScheme: 'light' });
  await screenshotBoth(bob.page, 'directory');

  await found.getByRole('button', { name: `Join ${name}` }).click();
  await expect(bob.page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(message(bob.page, 'Saturday at nine?')).toBeVisible();
  await sendMessage(bob.page, 'Count me in');
  await openConversation(alice.page, name);
  await expect(message(alice.page, 'Count me in')).toBeVisible();
  await expect(bob.page.getByRole('navigation', { name: 'Conversation list' }).getByRole('link', { name: new RegExp(name) })).toBeVisible();

  // Once joined, the directory says so and opens it instead.
  await bob.page.goto('/groups');
  await bob.page.getByLabel('Search public groups').fill(tag);
  await expect(found.filter({ hasText: name }).getByRole('button', { name: `Open ${name}` })).toBeVisible();
  await expect(found.filter({ hasText: `Private ${tag}` })).toHaveCount(0);
  expect(errors).toEqual([]);
  await alice.page.context().close();
  await bob.page.context().close();
});

test("a public group's link offers Join to a non-member; a private group's link says it is private", async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  const name = `Book club ${uniqueName('b')}`;
  const publicId = await createGroup(alice.page, name, 'One book a month', 'public');
  await sendMessage(alice.page, 'This month: Dune');
  const privateId = await createGroup(alice.page, `Family ${uniqueName('f')}`);

  const errors = pageErrors(bob.page);
  await bob.page.goto(`/c/${privateId}`);
  await expect(bob.page.getByRole('alert').getByRole('heading')).toHaveText('This group is private');
  await expect(bob.page.getByRole('alert')).toContainText('invite link');

  await bob.page.goto(`/c/${publicId}`);
  const offer = bob.page.getByRole('region', { name: `Join ${name}` });
  await expect(offer.getByRole('heading', { name })).toBeVisible();
  await expect(offer).toContainText('One book a month');
  await expect(offer).toContainText('1 member');
  await expect(bob.page.getByRole('alert')).toHaveCount(0);
  await screenshotBoth(bob.page, 'join-public-group');
  await offer.getByRole('button', { name: 'Join group' }).click();
  await expect(message(bob.page, 'This month: Dune')).toBeVisible();
  await expect(composer(bob.page)).toBeVisible();
  await sendMessage(bob.page, 'Halfway through');
  await openConversation(alice.page, name);
  await expect(message(alice.page, 'Halfway through')).toBeVisible();
  expect(errors).toEqual([]);
  await alice.page.context().close();
  await bob.page.context().close();
});
