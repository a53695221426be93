// The demo page: one room per test, so tests running side by side never share messages.
import { expect, type Page } from '@playwright/test';

export function uniqueRoom(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Opens the demo page on `room` and waits until it is connected to the relay. */
export async function openRoom(page: Page, room: string): Promise<void> {
  await page.goto(`/?room=${encodeURIComponent(room)}`);
  await expect(page.getByRole('status').filter({ hasText: /^connected$/ })).toBeVisible();
}

export async function sendMessage(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

export function messages(page: Page) {
  return page.getByRole('list', { name: 'Messages' }).getByRole('listitem');
}
