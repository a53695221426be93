// Server search in the app: the Search screen asks the relay's index as you type, marks what
// matched, narrows with operators, says when nothing matches, and a result opens its conversation
// at the message, loading older history until it is there.
import { expect, test, type Page } from '@playwright/test';
import { axeScan } from './helpers/axe.ts';
import { createGroup, message, newUser, openConversation, sendMessage, signIn, uniqueName } from './helpers/app.ts';
import { screenshotBoth } from './helpers/screenshots.ts';
import { seedRoom, writeMessages } from './helpers/seed.ts';

function results(page: Page) {
  return page.getByRole('list', { name: 'Messages found' }).getByRole('listitem');
}

async function search(page: Page, q: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Search messages' }).fill(q);
}

test('a word found by search opens its conversation at the message; operators narrow; no match says so', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  const name = `Trip ${uniqueName('g')}`;
  const word = uniqueName('zephyr').replace('_', '');
  await createGroup(alice.page, name);
  await alice.page.getByRole('link', { name: 'Conversation settings' }).click();
  await alice.page.getByLabel('Username').fill(bob.username);
  await alice.page.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(alice.page.getByRole('list', { name: 'Members' }).getByText(bob.username, { exact: true })).toBeVisible();
  await openConversation(alice.page, name);
  await sendMessage(alice.page, 'Who is bringing the tent?');
  await sendMessage(alice.page, `The ${word} trail starts at the bridge`);
  await sendMessage(alice.page, 'See you on Saturday');
  await openConversation(bob.page, name);
  await sendMessage(bob.page, `Saturday works, the ${word} trail it is`);

  // Ctrl+K opens search from the conversation, the cursor in its field.
  await bob.page.keyboard.press('Control+k');
  await expect(bob.page.getByRole('searchbox', { name: 'Search messages' })).toBeFocused();
  await expect(bob.page.getByText('Type a word to search all your conversations, everywhere on the server.')).toBeVisible();
  await search(bob.page, `${word} from:@${alice.username}`);
  await expect(results(bob.page)).toHaveCount(1);
  const found = results(bob.page).first();
  await expect(found).toContainText(alice.username);
  await expect(found).toContainText(name);
  await expect(found.locator('mark')).toHaveText(word);
  await expect(bob.page.getByText('1 message found everywhere on the server')).toBeVisible();

  // Without the operator both messages with the word match; a phrase only alice's.
  await search(bob.page, word);
  await expect(results(bob.page)).toHaveCount(2);
  await search(bob.page, `"the bridge" ${word}`);
  await expect(results(bob.page)).toHaveCount(1);
  await search(bob.page, '"saturday works"');
  await expect(results(bob.page)).toHaveCount(1);
  await expect(results(bob.page).first()).toContainText(bob.username);

  await search(bob.page, word);
  await expect(results(bob.page)).toHaveCount(2);
  for (const colorScheme of ['light', 'dark'] as const) {
    await bob.page.emulateMedia({ colorScheme });
    expect(await axeScan(bob.page), colorScheme).toEqual([]);
  }
  await screenshotBoth(bob.page, 'search-results-dark');
  await bob.page.emulateMedia({ colorScheme: 'light' });
  await screenshotBoth(bob.page, 'search-results');

  await search(bob.page, `${uniqueName('nothing')}`);
  await expect(bob.page.getByText('No messages match')).toBeVisible();
  await expect(results(bob.page)).toHaveCount(0);
  await screenshotBoth(bob.page, 'search-empty');

  await search(bob.page, `${word} from:@${alice.username}`);
  await expect(results(bob.page)).toHaveCount(1);
  await results(bob.page).first().getByRole('link').click();
  await expect(bob.page.getByRole('heading', { level: 1, name })).toBeVisible();
  const target = message(bob.page, `The ${word} trail starts at the bridge`);
  await expect(target).toBeInViewport();
  await expect(target).toBeFocused();
  await expect(target).toHaveClass(/flash/);
  await expect(bob.page).not.toHaveURL(/message=/);

  // A link to a message that is not there (deleted, so not in the index any more) says so.
  const conversationId = new URL(bob.page.url()).pathname.split('/c/')[1];
  await bob.page.goto(`/c/${conversationId}?message=gone`);
  await expect(bob.page.getByRole('status').filter({ hasText: 'This message is no longer here.' })).toBeVisible();
  await screenshotBoth(bob.page, 'search-message-gone');

  // Offline, search says it needs the server.
  await bob.page.goto('/search');
  await bob.page.context().setOffline(true);
  await search(bob.page, word);
  await expect(bob.page.getByRole('alert')).toHaveText('Search needs the server: connect and try again.');
  await bob.page.context().setOffline(false);

  await alice.page.context().close();
  await bob.page.context().close();
});

test('a result older than the first page opens with its older history loaded and the message in view', async ({ page, baseURL }) => {
  test.setTimeout(180_000);
  const room = await seedRoom(baseURL!);
  const word = uniqueName('quokka').replace('_', '');
  // Three segments of 500: the message is in the oldest, two pages above what opens first.
  await writeMessages(baseURL!, room, 1_200, (n) => (n === 10 ? `The ${word} is in the oldest segment` : `message ${n + 1}`));

  await signIn(page, room.writer.username);
  await page.getByRole('link', { name: 'Search messages' }).click();
  await search(page, word);
  await expect(results(page)).toHaveCount(1);
  await expect(results(page).first()).toContainText(room.name);
  await results(page).first().getByRole('link').click();

  await expect(page.getByRole('heading', { level: 1, name: room.name })).toBeVisible();
  const target = message(page, `The ${word} is in the oldest segment`);
  await expect(target).toBeInViewport({ timeout: 60_000 });
  await expect(target).toBeFocused();
  await expect(target).toHaveClass(/flash/);
  await expect(message(page, /^\s*message 1\s*$/)).toHaveCount(1);
});
