// Long histories in the browser: a 5,000-message room pages back to its first message without
// losing the reader's place, and a member coming back finds a "New messages" divider above what
// they have not read. Rooms are seeded from Node through the relay (helpers/seed.ts).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { axeScan } from './helpers/axe.ts';
import { message, messages, openConversation, signIn } from './helpers/app.ts';
import { DESKTOP, PHONE, screenshotBoth } from './helpers/screenshots.ts';
import { seedRoom, writeMessages } from './helpers/seed.ts';

// A trace snapshots the whole DOM at every step; with thousands of rows that alone takes seconds.
test.use({ trace: 'off' });

const TOTAL = 5_000;

/** The message reading exactly `text`. */
function exactly(page: Page, text: string): Locator {
  return message(page, new RegExp(`^\\s*${text}\\s*$`));
}

/** The numbers of the messages on screen ("message 17" is 17), top to bottom. */
function numbers(page: Page): Promise<number[]> {
  return page
    .locator('[data-message-text]')
    .evaluateAll((elements) => elements.map((element) => Number(/\d+$/.exec(element.textContent?.trim() ?? '')?.[0])));
}

/** Scrolls the message list (it scrolls in its parent) to the very top; which message is first, and where. */
function scrollToTop(list: Locator): Promise<{ id: string; y: number }> {
  return list.evaluate((element) => {
    element.parentElement!.scrollTop = 0;
    const first = element.querySelector('[data-message-id]')!;
    return { id: first.getAttribute('data-message-id')!, y: first.getBoundingClientRect().top };
  });
}

/** On screen, `divider` is below `above` and above `below`. */
async function expectBetween(divider: Locator, above: Locator, below: Locator): Promise<void> {
  const [top, middle, bottom] = await Promise.all([above.boundingBox(), divider.boundingBox(), below.boundingBox()]);
  expect(top!.y + top!.height).toBeLessThanOrEqual(middle!.y);
  expect(middle!.y + middle!.height).toBeLessThanOrEqual(bottom!.y);
}

test('a 5,000-message room scrolls back to its first message, keeping the reader in place', async ({ page, baseURL }) => {
  // Seeding, then drawing ten pages of 500 messages, on a busy two-core machine.
  test.setTimeout(300_000);
  const room = await seedRoom(baseURL!);
  const seconds = await writeMessages(baseURL!, room, TOTAL, (n) => `message ${n + 1}`);
  test.info().annotations.push({ type: 'seed', description: `${TOTAL} messages in ${seconds.toFixed(1)} s` });

  await signIn(page, room.writer.username);
  await openConversation(page, room.name);
  await expect(exactly(page, `message ${TOTAL}`)).toBeInViewport();

  const list = page.getByRole('list', { name: 'Messages' });
  const beginning = page.getByText('This is the beginning of the conversation.');
  while (!(await beginning.isVisible())) {
    const before = await messages(page).count();
    // Dragged to the very top, where nothing above the list could absorb a jump.
    const top = await scrollToTop(list);
    await expect.poll(() => messages(page).count(), { timeout: 60_000 }).toBeGreaterThan(before);
    await expect(page.getByText('Loading older messages…')).toHaveCount(0);

    // The message that was at the top is still there, where it was.
    const kept = page.locator(`[data-message-id="${top.id}"]`);
    await expect(kept).toBeInViewport();
    expect(Math.abs((await kept.boundingBox())!.y - top.y)).toBeLessThan(3);
    // From the oldest loaded message to the newest, each once and in order, across every page seam.
    const shown = await numbers(page);
    expect(shown).toEqual(Array.from({ length: TOTAL - shown[0]! + 1 }, (_, i) => shown[0]! + i));
  }
  expect(await numbers(page)).toHaveLength(TOTAL);
  await scrollToTop(list);
  await expect(exactly(page, 'message 1')).toBeInViewport();

  await page.getByRole('button', { name: 'Jump to latest' }).click();
  await expect(exactly(page, `message ${TOTAL}`)).toBeInViewport();
  await expect(page.getByRole('button', { name: 'Jump to latest' })).toHaveCount(0);
});

test('a member coming back finds a New messages divider above what they have not read', async ({ browser, baseURL }) => {
  test.slow();
  const room = await seedRoom(baseURL!, 1);
  await writeMessages(baseURL!, room, 60, (n) => `early ${n + 1}`);
  const page = await (await browser.newContext({ viewport: DESKTOP })).newPage();
  await signIn(page, room.readers[0]!.username);
  const row = page.getByRole('navigation', { name: 'Conversation list' }).getByRole('link', { name: new RegExp(room.name) });
  const badge = row.locator('[data-unread]');
  const divider = page.getByRole('separator', { name: 'New messages' });
  const latest = page.getByRole('button', { name: 'Jump to latest' });
  await expect(badge).toHaveText('60 unread');

  // The first visit: all of it is new, and it opens at the top of what does not fit.
  await openConversation(page, room.name);
  await expect(divider).toBeInViewport();
  await expectBetween(divider, page.getByText('This is the beginning of the conversation.'), exactly(page, 'early 1'));
  await expect(exactly(page, 'early 60')).not.toBeInViewport();
  await latest.click();
  await expect(badge).toHaveCount(0);
  await page.getByRole('link', { name: 'Parley', exact: true }).click();

  // Back later on a phone, with this device's copy of the room: what arrived since is below the divider.
  await writeMessages(baseURL!, room, 80, (n) => `later ${n + 1}`);
  await expect(badge).toHaveText('80 unread');
  await page.setViewportSize(PHONE);
  await openConversation(page, room.name);
  await expect(divider).toBeInViewport();
  await expect(exactly(page, 'later 80')).not.toBeInViewport();
  await expectBetween(divider, exactly(page, 'early 60'), exactly(page, 'later 1'));
  expect(await axeScan(page)).toEqual([]);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await screenshotBoth(page, `conversation-unread-${colorScheme}`);
  }

  // Reading to the end moves the read marker, not the divider; new messages come in below it.
  await latest.click();
  await expect(exactly(page, 'later 80')).toBeInViewport();
  await writeMessages(baseURL!, room, 1, () => 'live 1');
  await expect(exactly(page, 'live 1')).toBeInViewport();
  await expect(divider).toHaveCount(1);
  await expectBetween(divider, exactly(page, 'early 60'), exactly(page, 'later 1'));

  // Everything is read: the next visit has no divider, nor does a message arriving during it.
  await page.getByRole('link', { name: 'Back', exact: true }).click();
  await expect(badge).toHaveCount(0);
  await openConversation(page, room.name);
  await expect(page.getByRole('region', { name: room.name })).toHaveAttribute('data-caught-up', 'true');
  await writeMessages(baseURL!, room, 1, () => 'live 2');
  await expect(exactly(page, 'live 2')).toBeInViewport();
  await expect(divider).toHaveCount(0);
  await page.context().close();
});
