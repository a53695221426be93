// Opening a conversation one may not see says why, offers what fits, and does not loop.
import { expect, test, type Page } from '@playwright/test';
import { createGroup, newUser, sendMessage } from './helpers/app.ts';
import { screenshotBoth } from './helpers/screenshots.ts';

/** Page errors and /members requests from here on. */
function watch(page: Page): { errors: string[]; memberRequests: () => number } {
  const errors: string[] = [];
  let members = 0;
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => {
    if (/\/api\/conversations\/[^/]+\/members$/.test(new URL(request.url()).pathname)) members++;
  });
  return { errors, memberRequests: () => members };
}

test('a private group one never joined says so, without errors or retries', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  const groupId = await createGroup(alice.page, 'Private plans');
  await sendMessage(alice.page, 'Secret');

  const seen = watch(bob.page);
  await bob.page.goto(`/c/${groupId}`);
  const notice = bob.page.getByRole('alert');
  await expect(notice.getByRole('heading')).toHaveText('This group is private');
  await expect(notice).not.toContainText('removed');
  await expect(notice.getByRole('link', { name: 'Back to your conversations' })).toBeVisible();
  await expect(bob.page.getByRole('heading', { name: 'Conversation', exact: true })).toHaveCount(0);
  await expect(bob.page.getByText('Secret')).toHaveCount(0);
  await bob.page.waitForTimeout(1_500);
  expect(seen.errors).toEqual([]);
  expect(seen.memberRequests()).toBeLessThanOrEqual(1);
  await screenshotBoth(bob.page, 'no-access-never-member');
  await alice.page.context().close();
  await bob.page.context().close();
});

test('a conversation that does not exist says so', async ({ browser }) => {
  const bob = await newUser(browser, 'bob');
  const seen = watch(bob.page);
  await bob.page.goto('/c/doesnotexist0000');
  await expect(bob.page.getByRole('alert').getByRole('heading')).toHaveText(/does not exist|not a member/);
  await bob.page.waitForTimeout(1_000);
  expect(seen.errors).toEqual([]);
  await bob.page.context().close();
});
