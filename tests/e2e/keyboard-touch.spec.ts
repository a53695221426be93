// Issue 14 item 6, every action without a mouse and on touch: the message list as one tab stop
// with arrow keys and an actions menu, the action sheet on touch, new messages read out, and a
// reaction picker that is never cut off and has every emoji.
import { expect, test, type CDPSession, type Locator, type Page } from '@playwright/test';
import { axeScan } from './helpers/axe.ts';
import {
  composer,
  createGroup,
  message,
  messageAction,
  newUser,
  openConversation,
  sendMessage,
  signUp,
  startDm,
  uniqueName,
} from './helpers/app.ts';
import { DESKTOP, PHONE, screenshotBoth } from './helpers/screenshots.ts';

/** No serious or critical axe violations in light and in dark. */
async function scanBothSchemes(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    expect(await axeScan(page), `${name} (${colorScheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Whether focus is on something inside the list of messages. */
const focusInList = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.activeElement?.closest('ol[aria-label="Messages"]') !== null && document.activeElement !== null);

/** `bob` starts a DM with `alice` and writes `texts`; alice then opens it from her list. */
async function bobWrites(alice: { page: Page }, aliceName: string, bob: { page: Page; username: string }, texts: string[]): Promise<void> {
  await startDm(bob.page, aliceName);
  for (const text of texts) await sendMessage(bob.page, text);
  await expect(message(bob.page, texts.at(-1)!).getByRole('img', { name: 'Sent' })).toBeVisible();
  await alice.page.reload();
  await openConversation(alice.page, bob.username);
}

test('keyboard: the list is one tab stop, arrows move between messages, Enter opens the actions, Esc goes back to the composer', async ({
  browser,
}) => {
  const alice = await newUser(browser, 'keys');
  const bob = await newUser(browser, 'keysbob');
  await bobWrites(alice, alice.username, bob, ['First from bob', 'Second from bob']);
  const { page } = alice;
  // Opening a conversation puts the cursor in the composer.
  await expect(composer(page)).toBeFocused();
  await page.keyboard.type('Newest from alice');
  await page.keyboard.press('Enter');
  await expect(message(page, 'Newest from alice').getByRole('img', { name: /Sent|Read/ })).toBeVisible();

  // Shift+Tab from the composer reaches the newest message; arrows, Home and End move between them.
  await page.keyboard.press('Shift+Tab');
  await expect(message(page, 'Newest from alice')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(message(page, 'Second from bob')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(message(page, 'First from bob')).toBeFocused();
  await page.keyboard.press('End');
  await expect(message(page, 'Newest from alice')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(message(page, 'Second from bob')).toBeFocused();

  // The list is one tab stop: Shift+Tab from a message leaves it rather than visiting the others.
  await page.keyboard.press('Shift+Tab');
  expect(await focusInList(page)).toBe(false);
  await page.keyboard.press('Tab');
  await expect(message(page, 'Second from bob')).toBeFocused();

  // A focused message shows its More actions button; Enter opens the same menu, with what this user may do to it.
  const more = message(page, 'Second from bob').getByRole('button', { name: 'More actions' });
  await expect(more).toBeVisible();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Message actions' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem')).toHaveText([/Reply/, /Add reaction/, /Copy text/]);
  await expect(menu.getByRole('menuitem', { name: 'Reply' })).toBeFocused();
  await expect(menu.getByRole('menuitem', { name: 'Reply' })).toHaveAttribute('aria-keyshortcuts', 'R');
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Add reaction' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(message(page, 'Second from bob')).toBeFocused();

  // R replies to the focused message; Esc there cancels, and Esc on a message goes back to the composer.
  await page.keyboard.press('r');
  await expect(composer(page)).toBeFocused();
  await expect(page.getByText(`Replying to ${bob.username}`)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByText(`Replying to ${bob.username}`)).toBeHidden();
  await page.keyboard.press('Shift+Tab');
  await expect(message(page, 'Newest from alice')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(composer(page)).toBeFocused();

  // On one's own message the menu also has Edit and Delete, and E edits it.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(menu.getByRole('menuitem')).toHaveText([/Reply/, /Add reaction/, /Copy text/, /Edit/, /Delete/]);
  await screenshotBoth(page, 'keyboard-menu');
  await scanBothSchemes(page, 'message actions menu');
  await page.keyboard.press('Escape');
  await page.keyboard.press('e');
  await expect(composer(page)).toBeFocused();
  await expect(composer(page)).toHaveValue('Newest from alice');

  await alice.page.context().close();
  await bob.page.context().close();
});

/** What a phone does after a tap, which emulation does not: :hover stays on what was tapped (until detached). */
async function stickHover(page: Page, selector: string): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  await cdp.send('CSS.forcePseudoState', { nodeId, forcedPseudoClasses: ['hover'] });
  return cdp;
}

/** Holds a finger on `target` for `ms`, as a long-press. */
async function longPress(page: Page, target: Locator, ms = 700): Promise<void> {
  const box = (await target.boundingBox())!;
  const point = { x: box.x + Math.min(24, box.width / 2), y: box.y + box.height / 2 };
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
  await page.waitForTimeout(ms);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

test('touch: a long-press or the actions button opens an action sheet, and a tap leaves no toolbar over the text', async ({ browser }) => {
  const bob = await newUser(browser, 'sheetbob');
  const context = await browser.newContext({ hasTouch: true, isMobile: true, viewport: PHONE });
  const page = await context.newPage();
  const username = uniqueName('touch');
  await signUp(page, username);
  await bobWrites({ page }, username, bob, ['Tap and hold me']);
  // The keyboard would cover half the screen: opening a conversation on touch does not focus the composer.
  await expect(composer(page)).not.toBeFocused();

  const row = message(page, 'Tap and hold me');
  const text = row.locator('[data-message-text]');
  await text.tap();
  const hover = await stickHover(page, `[id="${await row.getAttribute('id')}"]`);
  await expect(row.getByRole('button', { name: 'Reply' })).toBeHidden();
  await expect(row.getByRole('button', { name: 'Add reaction' })).toBeHidden();
  await hover.detach();
  // The one button always there sits beside the text, not over it.
  const more = row.getByRole('button', { name: 'More actions' });
  await expect(more).toBeVisible();
  const moreBox = (await more.boundingBox())!;
  const textBox = (await text.boundingBox())!;
  expect(moreBox.x).toBeGreaterThanOrEqual(textBox.x + textBox.width);
  await screenshotBoth(page, 'touch-conversation');

  const sheet = page.getByRole('dialog', { name: 'Message actions' });
  await longPress(page, text);
  await expect(sheet).toBeVisible();
  await expect(sheet.getByRole('button', { name: 'React with 👍' })).toBeVisible();
  await expect(sheet.getByRole('button', { name: 'Reply' })).toBeVisible();
  await expect(sheet.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  // At the bottom of the screen, and focus stays in it.
  const sheetBox = (await sheet.boundingBox())!;
  expect(sheetBox.y + sheetBox.height).toBeGreaterThan(PHONE.height - 2);
  for (let step = 0; step < 10; step++) {
    await page.keyboard.press('Tab');
    expect(await sheet.evaluate((node) => node.contains(document.activeElement))).toBe(true);
  }
  await screenshotBoth(page, 'touch-action-sheet');
  await scanBothSchemes(page, 'action sheet');
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();

  // A tap on the backdrop closes it.
  await longPress(page, text);
  await expect(sheet).toBeVisible();
  await page.touchscreen.tap(PHONE.width / 2, 80);
  await expect(sheet).toBeHidden();

  // The actions button opens it too; a quick reaction reacts, Reply replies.
  await more.tap();
  await sheet.getByRole('button', { name: 'React with 👍' }).tap();
  await expect(sheet).toBeHidden();
  await expect(row.getByRole('button', { name: new RegExp(`👍 1: you`) })).toBeVisible();
  await more.tap();
  await sheet.getByRole('button', { name: 'Reply' }).tap();
  await expect(page.getByText(`Replying to ${bob.username}`)).toBeVisible();
  await expect(row.getByRole('button', { name: 'Reply' })).toBeHidden();

  await context.close();
  await bob.page.context().close();
});

test('a screen reader hears new messages from others in the open conversation, not the history it opened with', async ({ browser }) => {
  const alice = await newUser(browser, 'hear');
  const bob = await newUser(browser, 'hearbob');
  await bobWrites(alice, alice.username, bob, ['Old news']);
  await expect(alice.page.locator('section[data-caught-up="true"]')).toBeVisible();
  const log = alice.page.getByRole('log');
  await expect(log).toHaveAttribute('aria-live', 'polite');
  await expect(message(alice.page, 'Old news')).toBeVisible();

  await sendMessage(bob.page, 'Hello there');
  await expect(log).toContainText(`${bob.username}: Hello there`);
  await expect(log).not.toContainText('Old news');
  await sendMessage(alice.page, 'My own words');
  await expect(message(bob.page, 'My own words')).toBeVisible();
  await expect(bob.page.getByRole('log')).toContainText(`${alice.username}: My own words`);
  await expect(log).not.toContainText('My own words');

  await alice.page.context().close();
  await bob.page.context().close();
});

test('the reaction picker on the last message stays in the viewport and the list, and searches, browses and remembers emoji', async ({
  browser,
}) => {
  const { page } = await newUser(browser, 'picker');
  await createGroup(page, uniqueName('Picker'));
  await sendMessage(page, 'An earlier message');
  await sendMessage(page, 'The last message');
  const last = message(page, 'The last message');
  const picker = page.getByRole('dialog', { name: 'Pick a reaction' });
  const history = page.getByRole('region', { name: 'Message history' });

  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    await messageAction(page, 'The last message', 'Add reaction');
    await expect(picker).toBeVisible();
    const box = (await picker.boundingBox())!;
    const list = (await history.boundingBox())!;
    for (const [what, area] of [
      ['viewport', { x: 0, y: 0, ...size }],
      ['list', list],
    ] as const) {
      expect(box.x, `left, in the ${what} at ${size.width}px`).toBeGreaterThanOrEqual(area.x - 1);
      expect(box.y, `top, in the ${what} at ${size.width}px`).toBeGreaterThanOrEqual(area.y - 1);
      expect(box.x + box.width, `right, in the ${what} at ${size.width}px`).toBeLessThanOrEqual(area.x + area.width + 1);
      expect(box.y + box.height, `bottom, in the ${what} at ${size.width}px`).toBeLessThanOrEqual(area.y + area.height + 1);
    }
    // Nothing on top of it: the middle of the picker is the picker.
    expect(
      await picker.evaluate((node) => {
        const rect = node.getBoundingClientRect();
        return node.contains(document.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2));
      }),
    ).toBe(true);
    await page.keyboard.press('Escape');
    await expect(picker).toBeHidden();
    await expect(last.getByRole('button', { name: 'Add reaction' })).toBeFocused();
  }

  // Categories from the dataset, far more than eight emoji.
  await messageAction(page, 'The last message', 'Add reaction');
  await picker.getByRole('tab', { name: 'Food & drink' }).click();
  await expect(picker.getByRole('button', { name: 'React with 🍕' })).toBeVisible();
  expect(await picker.getByRole('button', { name: /^React with/ }).count()).toBeGreaterThan(100);
  await screenshotBoth(page, 'picker-category');
  // Search by name and by keyword.
  const search = picker.getByRole('searchbox', { name: 'Search emoji' });
  await search.fill('party popper');
  await expect(picker.getByRole('button', { name: 'React with 🎉' })).toBeVisible();
  await search.fill('tada');
  await expect(picker.getByRole('button', { name: /^React with/ }).first()).toHaveAccessibleName('React with 🎉');
  await screenshotBoth(page, 'picker-search');
  await scanBothSchemes(page, 'reaction picker');

  // Keyboard: down from the search into the results, across, Enter picks; focus goes back where it was.
  await search.fill('heart');
  await search.press('ArrowDown');
  const results = picker.getByRole('button', { name: /^React with/ });
  await expect(results.nth(0)).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(results.nth(1)).toBeFocused();
  const picked = (await results.nth(1).getAttribute('aria-label'))!.replace('React with ', '');
  await page.keyboard.press('Enter');
  await expect(picker).toBeHidden();
  await expect(last.getByRole('button', { name: new RegExp(`^${picked} 1`) })).toBeVisible();
  await expect(last.getByRole('button', { name: 'Add reaction' })).toBeFocused();

  // Recently used comes first, also after a reload.
  await page.reload();
  await expect(last).toBeVisible();
  await messageAction(page, 'The last message', 'Add reaction');
  await expect(picker.getByRole('tab', { name: 'Recently used' })).toHaveAttribute('aria-selected', 'true');
  await expect(picker.getByRole('button', { name: /^React with/ }).first()).toHaveAccessibleName(`React with ${picked}`);
  await screenshotBoth(page, 'picker-recent');
  await page.keyboard.press('Escape');

  await page.context().close();
});
