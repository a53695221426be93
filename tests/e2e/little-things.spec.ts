// Issue 14 item 8, the little things that looked unfinished: where the read tick sits, long
// messages folded, long names on one line, the empty states, the connection banner's reason and
// the unread count in the tab's title. Layout is checked at phone and desktop size.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { axeScan } from './helpers/axe.ts';
import { createGroup, message, newUser, sendMessage, uniqueName } from './helpers/app.ts';
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
