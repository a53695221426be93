// A message the relay refuses is marked "Not delivered" with Retry and Discard. The realistic
// cause: a device whose clock runs ahead (the relay refuses clocks more than 5 min in the future).
import { expect, test, type Page } from '@playwright/test';
import { message, newUser, sendMessage, startDm } from './helpers/app.ts';
import { screenshotBoth } from './helpers/screenshots.ts';

const TEN_MINUTES = 10 * 60_000;

/** Runs the page's clock `offsetMs` ahead of real time from now on (0: back to real time). */
async function skewClock(page: Page, offsetMs: number): Promise<void> {
  await page.clock.setSystemTime(Date.now() + offsetMs);
}

test('a refused message can be retried or discarded, and nothing else is lost', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(alice.page, bob.username);
  await sendMessage(alice.page, 'On time');
  await expect(message(alice.page, 'On time').getByRole('img', { name: 'Sent' })).toBeVisible();

  // Fake time flows like real time, but from a point Playwright may move.
  await alice.page.clock.install();
  await alice.page.reload();
  await alice.page.clock.resume();
  await expect(message(alice.page, 'On time')).toBeVisible();

  await skewClock(alice.page, TEN_MINUTES);
  await sendMessage(alice.page, 'From the future');
  const refused = message(alice.page, 'From the future');
  await expect(refused.getByRole('alert')).toContainText("Not delivered: The message's clock is too far ahead; check the device's time.");
  await expect(refused.getByRole('button', { name: 'Retry' })).toBeVisible();
  await screenshotBoth(alice.page, 'message-failed');

  // The clock is fixed; Retry sends it again as a new message, which Bob receives.
  await skewClock(alice.page, 0);
  await refused.getByRole('button', { name: 'Retry' }).click();
  await expect(message(alice.page, 'From the future').getByRole('img', { name: 'Sent' })).toBeVisible();
  await expect(message(alice.page, 'From the future')).toHaveCount(1);
  await startDm(bob.page, alice.username);
  await expect(message(bob.page, 'From the future')).toBeVisible();

  // Another refused message, discarded this time: it goes, and never reaches Bob.
  await skewClock(alice.page, TEN_MINUTES);
  await sendMessage(alice.page, 'Never mind');
  await expect(message(alice.page, 'Never mind').getByRole('alert')).toContainText('Not delivered');
  await skewClock(alice.page, 0);
  await message(alice.page, 'Never mind').getByRole('button', { name: 'Discard' }).click();
  await expect(message(alice.page, 'Never mind')).toHaveCount(0);
  await sendMessage(alice.page, 'Still here');
  await expect(message(bob.page, 'Still here')).toBeVisible();
  await expect(message(bob.page, 'Never mind')).toHaveCount(0);
  await expect(message(bob.page, 'On time')).toBeVisible();

  for (const user of [alice, bob]) await user.page.context().close();
});
