// Drives the Parley app like a person: register, open conversations, write and read messages.
import { expect, type Browser, type Page } from '@playwright/test';

export const PASSWORD = 'correct horse battery staple';

/** A username no other test (or earlier run against the same database) has taken. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36).slice(-5)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Fills the register or sign-in screen with `username` and PASSWORD and waits for the conversation list. */
async function submitCredentials(page: Page, path: '/register' | '/signin', button: string, username: string): Promise<void> {
  await page.goto(path);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: button }).click();
  await expect(page.getByRole('navigation', { name: 'Conversation list' })).toBeVisible();
}

/** Registers `username` through the register screen. */
export const signUp = (page: Page, username: string): Promise<void> => submitCredentials(page, '/register', 'Create account', username);

/** Signs `username` (registered with PASSWORD, e.g. by a seed) in through the sign-in screen. */
export const signIn = (page: Page, username: string): Promise<void> => submitCredentials(page, '/signin', 'Sign in', username);

/** A new browser context (its own storage: another person) with `username` registered in it. */
export async function newUser(browser: Browser, prefix: string): Promise<{ page: Page; username: string }> {
  const page = await (await browser.newContext()).newPage();
  const username = uniqueName(prefix);
  await signUp(page, username);
  return { page, username };
}

/** Starts (or opens) the DM with `username` from the "New direct message" dialog. */
export async function startDm(page: Page, username: string): Promise<void> {
  await page.getByRole('button', { name: 'New direct message' }).first().click();
  await page.getByLabel('Find people').fill(username);
  await page
    .getByRole('list', { name: 'People' })
    .getByRole('button', { name: new RegExp(username) })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: username })).toBeVisible();
  await expect(composer(page)).toBeVisible();
}

/** Creates a group from the "New group" dialog and returns its id. */
export async function createGroup(page: Page, name: string, topic = '', visibility: 'private' | 'public' = 'private'): Promise<string> {
  await page.getByRole('button', { name: 'New group' }).first().click();
  await page.getByLabel('Name').fill(name);
  if (topic) await page.getByLabel(/Topic/).fill(topic);
  if (visibility === 'public') await page.getByRole('radio', { name: /^Public/ }).check();
  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(composer(page)).toBeVisible();
  return page.url().split('/c/')[1]!.split('/')[0]!;
}

/** Opens a conversation from the list by its title. */
export async function openConversation(page: Page, title: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Conversation list' })
    .getByRole('link', { name: new RegExp(title) })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(composer(page)).toBeVisible();
}

export function composer(page: Page) {
  return page.getByRole('combobox', { name: 'Message' });
}

export async function sendMessage(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
  await expect(composer(page)).toHaveValue('');
}

/** Every message on screen, in display order. */
export function messages(page: Page) {
  return page.locator('[data-message-id]');
}

/** The message whose own text (not a quote of it in a reply) contains `text`. */
export function message(page: Page, text: string | RegExp) {
  return messages(page).filter({ has: page.locator('[data-message-text]', { hasText: text }) });
}

/** Opens a message's action toolbar (it shows on hover) and clicks `action`. */
export async function messageAction(page: Page, text: string, action: 'Add reaction' | 'Reply' | 'Edit' | 'Delete'): Promise<void> {
  const target = message(page, text);
  await target.hover();
  await target.getByRole('button', { name: action, exact: true }).click();
}
