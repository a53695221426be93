// The account page: change the password (other devices are signed out, this one stays) and
// delete the account (after the password and a confirmation; the name no longer signs in).
import { expect, test, type Page } from '@playwright/test';
import { axeScan } from './helpers/axe.ts';
import { newUser, PASSWORD, signIn } from './helpers/app.ts';
import { screenshotBoth } from './helpers/screenshots.ts';

async function openAccount(page: Page): Promise<void> {
  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'Change password' })).toBeVisible();
}

test('changing the password keeps this device signed in and signs the others out', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const other = await (await browser.newContext()).newPage();
  await signIn(other, alice.username);

  await openAccount(alice.page);
  await alice.page.getByLabel('Current password').fill('not my password');
  await alice.page.getByLabel('New password').fill('a brand new passphrase');
  await alice.page.getByRole('button', { name: 'Change password' }).click();
  await expect(alice.page.getByRole('alert')).toHaveText('That is not your current password.');

  await alice.page.getByLabel('Current password').fill(PASSWORD);
  await alice.page.getByRole('button', { name: 'Change password' }).click();
  await expect(alice.page.getByRole('status').filter({ hasText: 'Password changed' })).toBeVisible();
  for (const colorScheme of ['light', 'dark'] as const) {
    await alice.page.emulateMedia({ colorScheme });
    expect(await axeScan(alice.page), colorScheme).toEqual([]);
  }
  await alice.page.emulateMedia({ colorScheme: 'light' });
  await screenshotBoth(alice.page, 'account-password-changed');

  // This device goes on; the other one is sent to sign in, and the new password is the one that works.
  await alice.page.goto('/');
  await expect(alice.page.getByRole('navigation', { name: 'Conversation list' })).toBeVisible();
  await other.reload();
  await expect(other).toHaveURL(/\/signin/, { timeout: 15_000 });
  await other.getByLabel('Username').fill(alice.username);
  await other.getByLabel('Password').fill('a brand new passphrase');
  await other.getByRole('button', { name: 'Sign in' }).click();
  await expect(other.getByRole('navigation', { name: 'Conversation list' })).toBeVisible();
  await alice.page.context().close();
  await other.context().close();
});

test('deleting the account asks for the password and a confirmation, then the name no longer signs in', async ({ browser }) => {
  const bob = await newUser(browser, 'bob');
  await openAccount(bob.page);
  await bob.page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(bob.page.getByRole('alert')).toHaveText('Enter your password to delete your account.');
  await bob.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await bob.page.getByRole('button', { name: 'Delete my account' }).click();
  const confirm = bob.page.getByRole('dialog', { name: 'Delete your account?' });
  await expect(confirm).toBeVisible();
  await screenshotBoth(bob.page, 'account-delete-confirm');
  await confirm.getByRole('button', { name: 'Delete account' }).click();
  await expect(bob.page).toHaveURL(/\/signin/);

  await bob.page.getByLabel('Username').fill(bob.username);
  await bob.page.getByLabel('Password').fill(PASSWORD);
  await bob.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(bob.page.getByText('Wrong username or password.')).toBeVisible();
  await bob.page.context().close();
});
