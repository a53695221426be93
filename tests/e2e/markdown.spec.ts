// Message text is rendered as markdown without ever running or injecting what someone typed.
import { expect, test } from '@playwright/test';
import { message, messages, newUser, openConversation, sendMessage, startDm } from './helpers/app.ts';

const ATTACKS = [
  '<img src=x onerror=alert(1)>',
  '[x](javascript:alert(1))',
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  '**<iframe src="javascript:alert(1)"></iframe>**',
  '`</code><img src=x onerror=alert(1)>`',
  '[click](https://example.org" onmouseover="alert(1))',
];

test('markdown renders, and scripts and injected markup sent as messages never run', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  const dialogs: string[] = [];
  for (const page of [alice.page, bob.page])
    page.on('dialog', (dialog) => void dialog.dismiss().then(() => dialogs.push(dialog.message())));

  await startDm(alice.page, bob.username);
  for (const attack of ATTACKS) await sendMessage(alice.page, attack);
  await sendMessage(alice.page, '**bold** *italic* `code` [docs](https://example.org)\n- one\n- two');

  await bob.page.reload();
  await openConversation(bob.page, alice.username);
  await expect(messages(bob.page)).toHaveCount(ATTACKS.length + 1);

  for (const page of [alice.page, bob.page]) {
    // Each attack shows as the text that was typed (minus the markdown around it).
    const texts = page.locator('[data-message-text]');
    await expect(texts).toHaveText([
      '<img src=x onerror=alert(1)>',
      '[x](javascript:alert(1))',
      '<script>alert(1)</script>',
      '"><svg onload=alert(1)>',
      '<iframe src="javascript:alert(1)"></iframe>',
      '</code><img src=x onerror=alert(1)>',
      '[click](https://example.org" onmouseover="alert(1))',
      /bold italic code docs/,
    ]);
    await expect(texts.locator('img, script, svg, iframe, [onerror], [onload], [onmouseover]')).toHaveCount(0);
    await expect(texts.locator('a[href^="javascript"]')).toHaveCount(0);

    const rich = message(page, 'bold');
    await expect(rich.locator('strong')).toHaveText('bold');
    await expect(rich.locator('em')).toHaveText('italic');
    await expect(rich.locator('code')).toHaveText('code');
    await expect(rich.locator('li')).toHaveText(['one', 'two']);
    const link = rich.getByRole('link', { name: 'docs' });
    await expect(link).toHaveAttribute('href', 'https://example.org');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(link).toHaveAttribute('target', '_blank');
  }
  // Hovering every message would trigger an injected onmouseover.
  for (const item of await messages(bob.page).all()) await item.hover();
  expect(dialogs).toEqual([]);

  await alice.page.context().close();
  await bob.page.context().close();
});
