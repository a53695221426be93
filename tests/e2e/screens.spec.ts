// Every main screen in light and dark: no serious or critical accessibility violations, and
// screenshots at phone and desktop size (test-results/screenshots/).
import { expect, test, type Page } from '@playwright/test';
import { axeScan } from './helpers/axe.ts';
import { composer, message, messageAction, newUser, openConversation, sendMessage, startDm } from './helpers/app.ts';
import { screenshotBoth } from './helpers/screenshots.ts';

async function scanAndShoot(page: Page, name: string): Promise<void> {
  expect(await axeScan(page), name).toEqual([]);
  await screenshotBoth(page, name);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`sign-in and register screens (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto('/');
    await expect(page).toHaveURL(/\/signin/);
    await scanAndShoot(page, `signin-${colorScheme}`);

    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Username').fill('x');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText('Use at least 8 characters.')).toBeVisible();
    await scanAndShoot(page, `register-errors-${colorScheme}`);
  });

  test(`conversation list, conversation, settings and account screens (${colorScheme})`, async ({ browser }) => {
    // Two users, a dozen screens, an axe scan and two screenshots each: long on a busy 2-core machine.
    test.slow();
    const alice = await newUser(browser, 'alice');
    const bob = await newUser(browser, 'bob');
    for (const user of [alice, bob]) await user.page.emulateMedia({ colorScheme });
    const page = alice.page;
    await scanAndShoot(page, `list-empty-${colorScheme}`);

    await page.getByRole('button', { name: 'New direct message' }).first().click();
    await page.getByLabel('Find people').fill(bob.username.slice(0, 4));
    await expect(page.getByRole('list', { name: 'People' })).toBeVisible();
    await scanAndShoot(page, `new-dm-${colorScheme}`);
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

    await startDm(page, bob.username);
    await sendMessage(page, `Hey @${bob.username}! The **release notes** are ready: https://example.org/notes`);
    await sendMessage(page, 'Checklist:\n- update the docs\n- tag `v1.2.0`\n- tell *everyone*');
    await bob.page.reload();
    await openConversation(bob.page, alice.username);
    await messageAction(bob.page, 'release notes', 'Reply');
    await sendMessage(bob.page, `Great work @${alice.username}, shipping it now 🚀`);
    await messageAction(bob.page, 'Checklist', 'Add reaction');
    await bob.page.getByRole('button', { name: 'React with 👍' }).click();
    await sendMessage(bob.page, '```\nnpm run build && npm test\n```');
    await expect(message(page, 'npm run build')).toBeVisible();
    await expect(message(page, 'Checklist').getByRole('button', { name: /👍 1/ })).toBeVisible();
    await composer(page).fill(`Thanks @${bob.username.slice(0, 3)}`);
    await expect(page.getByRole('listbox', { name: 'Mention someone' })).toBeVisible();
    await scanAndShoot(page, `conversation-${colorScheme}`);
    await composer(page).fill('');

    await page.goto('/');
    await page.getByRole('button', { name: 'New group' }).first().click();
    await page.getByLabel('Name').fill('Design team');
    await page.getByLabel(/Topic/).fill('Pixels, type and everything in between');
    await scanAndShoot(page, `new-group-${colorScheme}`);
    await page.getByRole('button', { name: 'Create group' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Design team' })).toBeVisible();
    await sendMessage(page, 'Kick-off on Monday, 10:00');

    await page.getByRole('link', { name: 'Conversation settings' }).click();
    await page.getByLabel('Username').fill(bob.username);
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    await expect(page.getByRole('list', { name: 'Members' }).getByText(bob.username, { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Create invite link' }).click();
    await expect(page.getByLabel('Invite link')).toHaveValue(/\/invite\//);
    await scanAndShoot(page, `settings-${colorScheme}`);

    await page.goto('/');
    await expect(page.getByRole('navigation', { name: 'Conversation list' }).getByRole('link')).toHaveCount(2);
    await scanAndShoot(page, `list-${colorScheme}`);

    await page.goto('/account');
    await scanAndShoot(page, `account-${colorScheme}`);

    for (const user of [alice, bob]) await user.page.context().close();
  });
}

test('the theme chosen on the account screen wins over the system and survives a reload', async ({ browser }) => {
  const { page } = await newUser(browser, 'theme');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/account');
  await page.getByText('Dark', { exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await page.getByText('System', { exact: true }).click();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  await page.context().close();
});
