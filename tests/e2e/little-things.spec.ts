// Issue 14 item 8, the little things that looked unfinished: where the read tick sits, long
// messages folded, long names on one line, the empty states, the connection banner's reason and
// the unread count in the tab's title. Layout is checked at phone and desktop size.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { axeScan } from './helpers/axe.ts';
import { composer, createGroup, message, newUser, openConversation, sendMessage, startDm, uniqueName } from './helpers/app.ts';
import { DESKTOP, PHONE, screenshotBoth } from './helpers/screenshots.ts';

const SIZES = [PHONE, DESKTOP] as const;

/** No serious or critical axe violations in light and in dark. */
async function scanBothSchemes(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await axeScan(page), `${name} (${colorScheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Where a message's read tick is, against the end of the message's last line of text. */
function tickPlacement(row: Locator) {
  return row.evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element.querySelector('[data-message-text]')!);
    const lastLine = Array.from(range.getClientRects())
      .filter((rect) => rect.width > 0)
      .at(-1)!;
    const tick = element.querySelector('[data-status]')!.getBoundingClientRect();
    return {
      gap: tick.left - lastLine.right,
      offCentre: Math.abs((tick.top + tick.bottom) / 2 - (lastLine.top + lastLine.bottom) / 2),
    };
  });
}

/** How an element shows its text: in how many lines, and whether text cut off at its end ends in an ellipsis. */
function textFit(element: Locator) {
  return element.evaluate((node) => {
    const style = getComputedStyle(node);
    const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.45;
    const overflows = node.scrollWidth > node.clientWidth + 1;
    // An ellipsis is drawn for the inline text of a block that clips it on one line; text laid out as a flex item gets none.
    const ellipsis =
      style.textOverflow === 'ellipsis' &&
      style.whiteSpace === 'nowrap' &&
      style.overflowX === 'hidden' &&
      !['flex', 'inline-flex', 'grid', 'inline-grid'].includes(style.display);
    return { lines: Math.round(node.getBoundingClientRect().height / lineHeight), overflows, ellipsis };
  });
}

/** The innermost element whose text contains `text`. */
function textHolder(scope: Locator, text: string): Locator {
  return scope.locator('*', { hasText: text }).last();
}

test('a read tick sits right after the message, on its last line, not at the far edge of the row', async ({ browser }) => {
  const { page } = await newUser(browser, 'ticks');
  await createGroup(page, uniqueName('Ticks'));
  await sendMessage(page, 'Hello');
  const wrapping = 'A longer message that wraps onto more than one line at phone width, so its tick follows the last of them';
  await sendMessage(page, wrapping);
  for (const text of ['Hello', wrapping]) await expect(message(page, text).getByRole('img', { name: 'Sent' })).toBeVisible();

  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const text of ['Hello', wrapping]) {
      const { gap, offCentre } = await tickPlacement(message(page, text));
      expect(gap, `${text} at ${size.width}px`).toBeGreaterThanOrEqual(0);
      expect(gap, `${text} at ${size.width}px`).toBeLessThan(24);
      expect(offCentre, `${text} at ${size.width}px`).toBeLessThan(8);
    }
  }
  await screenshotBoth(page, 'little-ticks');
  await scanBothSchemes(page, 'ticks');
  await page.context().close();
});

test('long messages fold behind Show more, by height, and short ones are left alone', async ({ browser }) => {
  const { page } = await newUser(browser, 'fold');
  await createGroup(page, uniqueName('Fold'));
  const manyLines = Array.from({ length: 40 }, (_, line) => `Line ${line + 1} of a list`).join('\n');
  const paragraph = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(70).trim();
  const medium = 'A medium message, a few lines long at phone width but nowhere near the fold. '.repeat(4).trim();
  for (const text of [manyLines, paragraph, medium, 'A short one']) await sendMessage(page, text);
  await expect(message(page, 'A short one').getByRole('img', { name: 'Sent' })).toBeVisible();

  const lineHeight = await composer(page).evaluate((node) => parseFloat(getComputedStyle(node).lineHeight));
  const height = async (row: Locator) => (await row.boundingBox())!.height;
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const text of [medium, 'A short one'])
      await expect(message(page, text).getByRole('button', { name: /Show (more|less)/ })).toHaveCount(0);
    for (const text of ['Line 1 of a list', 'Lorem ipsum']) {
      const row = message(page, text);
      const toggle = row.getByRole('button', { name: 'Show more' });
      await expect(toggle, `${text} at ${size.width}px`).toHaveAttribute('aria-expanded', 'false');
      const folded = await height(row);
      // Sixteen lines of text and the button's line.
      expect(folded, `${text} at ${size.width}px`).toBeLessThan(19 * lineHeight);
      // Still says whether it was delivered, below the fold.
      const tick = (await row.getByRole('img', { name: 'Sent' }).boundingBox())!;
      const box = (await row.boundingBox())!;
      expect(tick.y + tick.height).toBeLessThanOrEqual(box.y + box.height);

      await toggle.click();
      const unfold = row.getByRole('button', { name: 'Show less' });
      await expect(unfold).toHaveAttribute('aria-expanded', 'true');
      expect(await height(row)).toBeGreaterThan(folded + 4 * lineHeight);
      await unfold.click();
      await expect(row.getByRole('button', { name: 'Show more' })).toHaveAttribute('aria-expanded', 'false');
      expect(await height(row)).toBeCloseTo(folded, 0);
    }
  }
  await message(page, 'Lorem ipsum').scrollIntoViewIfNeeded();
  await screenshotBoth(page, 'little-fold');
  await scanBothSchemes(page, 'folded messages');
  await page.context().close();
});

test("long group names and topics stay on one line with an ellipsis, in the list, the header and the composer's placeholder", async ({
  browser,
}) => {
  const { page } = await newUser(browser, 'names');
  // 80 characters, the most a group name may have; the topic is 300, the most it may have.
  const name = `The quarterly planning committee for the northern offices ${uniqueName('x')}`.padEnd(80, ' and co').slice(0, 80);
  const topic = 'Budgets, headcount, the offsite and everything else the committee looks after this quarter. '
    .repeat(4)
    .slice(0, 300)
    .trim();
  await createGroup(page, name, topic);
  const header = page.getByRole('region', { name, exact: true }).locator('header');

  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const [what, element] of [
      ['header title', header.getByRole('heading', { level: 1, name })],
      ['header topic', header.getByText(topic)],
    ] as const) {
      const fit = await textFit(element);
      expect(fit.lines, `${what} at ${size.width}px`).toBe(1);
      if (fit.overflows) expect(fit.ellipsis, `${what} at ${size.width}px`).toBe(true);
    }
    // The placeholder ("Message #<name>") is one line of the one-line box, cut with an ellipsis;
    // Chromium draws none in a box with focus, which the composer has once the conversation opens.
    await composer(page).blur();
    const placeholder = await composer(page).evaluate((node) => {
      const style = getComputedStyle(node, '::placeholder');
      return {
        rows: node.scrollHeight / parseFloat(getComputedStyle(node).lineHeight),
        whiteSpace: style.whiteSpace,
        textOverflow: style.textOverflow,
      };
    });
    expect(placeholder.rows, `placeholder at ${size.width}px`).toBeLessThan(2);
    expect(placeholder, `placeholder at ${size.width}px`).toMatchObject({ whiteSpace: 'nowrap', textOverflow: 'ellipsis' });
  }
  await screenshotBoth(page, 'little-long-name-conversation');
  await scanBothSchemes(page, 'long name, conversation');

  await page.goto('/');
  const row = page.getByRole('navigation', { name: 'Conversation list' }).getByRole('link', { name: new RegExp(name.slice(0, 30)) });
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const title = textHolder(row, name);
    await expect(title).toHaveAttribute('title', name);
    for (const [what, element] of [
      ['list title', title],
      ['list topic', textHolder(row, topic)],
    ] as const) {
      const fit = await textFit(element);
      expect(fit.lines, `${what} at ${size.width}px`).toBe(1);
      expect(fit.overflows, `${what} at ${size.width}px`).toBe(true);
      expect(fit.ellipsis, `${what} at ${size.width}px`).toBe(true);
    }
  }
  await screenshotBoth(page, 'little-long-name-list');
  await scanBothSchemes(page, 'long name, list');
  await page.context().close();
});

test('an empty conversation shows a centred empty state with real formatting in its hint', async ({ browser }) => {
  const { page } = await newUser(browser, 'empty');
  await createGroup(page, uniqueName('Quiet'));
  const history = page.getByRole('region', { name: 'Message history' });
  const empty = page.getByText('No messages yet.').locator('xpath=ancestor::div[1]');
  await expect(empty).toBeVisible();
  await expect(empty).not.toContainText('*');
  await expect(empty).not.toContainText('`');
  await expect(empty.locator('strong', { hasText: 'bold' })).toBeVisible();
  await expect(empty.locator('em', { hasText: 'italics' })).toBeVisible();
  await expect(empty.locator('code', { hasText: 'code' })).toBeVisible();

  for (const size of SIZES) {
    await page.setViewportSize(size);
    const area = (await history.boundingBox())!;
    const box = (await empty.boundingBox())!;
    expect(Math.abs(box.x + box.width / 2 - (area.x + area.width / 2)), `horizontally at ${size.width}px`).toBeLessThan(16);
    expect(Math.abs(box.y + box.height / 2 - (area.y + area.height / 2)), `vertically at ${size.width}px`).toBeLessThan(24);
  }
  await screenshotBoth(page, 'little-empty-conversation');
  await scanBothSchemes(page, 'empty conversation');

  // The first message replaces it.
  await sendMessage(page, 'First!');
  await expect(page.getByText('No messages yet.')).toHaveCount(0);
  await page.context().close();
});

test("the empty conversation list's two buttons are the same width", async ({ browser }) => {
  const { page } = await newUser(browser, 'nolist');
  const list = page.getByRole('navigation', { name: 'Conversation list' });
  await expect(list.getByText('No conversations yet.')).toBeVisible();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const dm = (await list.getByRole('button', { name: 'New message' }).boundingBox())!;
    const group = (await list.getByRole('button', { name: 'New group' }).boundingBox())!;
    expect(Math.abs(dm.width - group.width), `at ${size.width}px`).toBeLessThanOrEqual(1);
    expect(dm.y, `at ${size.width}px`).toBe(group.y);
    // Each label on one line: a wrapped one makes its button taller.
    expect(dm.height, `at ${size.width}px`).toBe(group.height);
    expect(dm.height, `at ${size.width}px`).toBeLessThan(48);
  }
  await screenshotBoth(page, 'little-empty-list');
  await scanBothSchemes(page, 'empty list');
  await page.context().close();
});

test('the banner says the server cannot be reached while the network is up, and Offline only when it is down', async ({ browser }) => {
  const { page } = await newUser(browser, 'banner');
  const group = uniqueName('Banner');
  await createGroup(page, group);
  // A conversation with a message opens from this device's copy without the relay.
  await sendMessage(page, 'Before the outage');
  await expect(message(page, 'Before the outage').getByRole('img', { name: 'Sent' })).toBeVisible();
  const banner = page.getByRole('status').filter({ hasText: /You're offline|reach the server/ });

  // The relay's sockets are refused; the browser's network is fine.
  let blocked = true;
  await page.routeWebSocket(/\/sync\//, (socket) => {
    if (blocked) socket.close();
    else socket.connectToServer();
  });
  await page.reload();
  await expect(composer(page)).toBeVisible();
  expect(await page.evaluate(() => navigator.onLine)).toBe(true);
  await expect(banner).toHaveText(/Can't reach the server/);
  await expect(banner).not.toContainText(/offline/i);
  // Nor does the conversation's header.
  await expect(page.getByRole('region', { name: group, exact: true }).getByText('Offline', { exact: true })).toHaveCount(0);
  await screenshotBoth(page, 'little-banner-unreachable');
  await scanBothSchemes(page, 'banner, server unreachable');

  // Now the network itself goes.
  await page.context().setOffline(true);
  await expect(banner).toHaveText(/You're offline/);
  await expect(banner).not.toContainText(/reach the server/);
  await screenshotBoth(page, 'little-banner-offline');

  // Network back and the relay reachable again: no banner.
  blocked = false;
  await page.context().setOffline(false);
  await expect(banner).toHaveCount(0);
  await page.context().close();
});

test('the tab title and the app icon badge count the unread messages of all conversations, live', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  const carol = await newUser(browser, 'carol');
  // Headless Chromium has no installed app to badge: the Badging API is recorded instead.
  await alice.page.addInitScript(() => {
    const seen: number[] = [];
    Object.assign(window, { badges: seen });
    Object.assign(navigator, {
      setAppBadge: async (count: number) => void seen.push(count),
      clearAppBadge: async () => void seen.push(0),
    });
  });
  await alice.page.reload();
  const badge = () => alice.page.evaluate(() => (window as unknown as { badges: number[] }).badges.at(-1) ?? 0);
  await expect(alice.page).toHaveTitle('Parley');

  await startDm(bob.page, alice.username);
  await sendMessage(bob.page, 'One');
  await sendMessage(bob.page, 'Two');
  await expect(alice.page).toHaveTitle('(2) Parley');
  await startDm(carol.page, alice.username);
  await sendMessage(carol.page, 'Three');
  await expect(alice.page).toHaveTitle('(3) Parley');
  await expect.poll(badge).toBe(3);

  // Reading bob's DM takes its two off, on the conversation's own title too.
  await openConversation(alice.page, bob.username);
  await expect(alice.page).toHaveTitle(`(1) ${bob.username} · Parley`);
  await openConversation(alice.page, carol.username);
  await expect(alice.page).toHaveTitle(`${carol.username} · Parley`);
  await expect.poll(badge).toBe(0);
  await sendMessage(bob.page, 'Four');
  await expect(alice.page).toHaveTitle(`(1) ${carol.username} · Parley`);
  for (const user of [alice, bob, carol]) await user.page.context().close();
});
