// Two people in two browsers: register, start a DM, and everything they do appears on the other side.
import { expect, test } from '@playwright/test';
import { composer, message, messageAction, messages, newUser, sendMessage, startDm } from './helpers/app.ts';

test('two users register, start a DM and chat live, with no token in any WebSocket URL', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  // Browsers print a failed socket's URL in the console, and proxies log it: the token is not there.
  const socketUrls: string[] = [];
  for (const { page } of [alice, bob]) page.on('websocket', (socket) => socketUrls.push(socket.url()));

  await startDm(alice.page, bob.username);
  await sendMessage(alice.page, 'Hello Bob!');
  await expect(message(alice.page, 'Hello Bob!').getByRole('img', { name: 'Sent' })).toBeVisible();

  // Bob's list learns of the DM when it refreshes (navigation); opening it shows the message.
  await bob.page.reload();
  await bob.page.getByRole('link', { name: new RegExp(alice.username) }).click();
  await expect(messages(bob.page)).toHaveText([/Hello Bob!/]);

  await sendMessage(bob.page, 'Hi **Alice**');
  await expect(message(alice.page, 'Hi Alice').locator('strong')).toHaveText('Alice');
  await expect(messages(alice.page)).toHaveCount(2);
  expect(socketUrls.length).toBeGreaterThan(0);
  expect(socketUrls.filter((url) => /token|eyJ/.test(url))).toEqual([]);

  await alice.page.context().close();
  await bob.page.context().close();
});

test('reply, edit, delete and reactions are seen by the other side', async ({ browser }) => {
  const alice = await newUser(browser, 'alice');
  const bob = await newUser(browser, 'bob');
  await startDm(alice.page, bob.username);
  await sendMessage(alice.page, 'Lunch at noon?');
  await bob.page.reload();
  await bob.page.getByRole('link', { name: new RegExp(alice.username) }).click();
  await expect(message(bob.page, 'Lunch at noon?')).toBeVisible();

  // Bob replies: the quote shows on both sides and jumps to the original.
  await messageAction(bob.page, 'Lunch at noon?', 'Reply');
  await expect(bob.page.getByText(`Replying to ${alice.username}`)).toBeVisible();
  await sendMessage(bob.page, 'Sounds good');
  const reply = message(alice.page, 'Sounds good');
  await expect(reply.getByRole('button', { name: new RegExp(`Replying to ${alice.username}`) })).toContainText('Lunch at noon?');

  // Bob reacts; Alice sees the count and who reacted.
  await messageAction(bob.page, 'Lunch at noon?', 'Add reaction');
  await bob.page.getByRole('button', { name: 'React with 🎉' }).click();
  const reaction = message(alice.page, 'Lunch at noon?').getByRole('button', { name: new RegExp(`🎉 1: ${bob.username}`) });
  await expect(reaction).toBeVisible();
  await expect(reaction).toHaveAttribute('title', `${bob.username} reacted with 🎉`);

  // Alice edits with the Up key, then deletes.
  await composer(alice.page).click();
  await composer(alice.page).press('ArrowUp');
  await expect(composer(alice.page)).toHaveValue('Lunch at noon?');
  await composer(alice.page).fill('Lunch at 1pm?');
  await composer(alice.page).press('Enter');
  await expect(message(bob.page, 'Lunch at 1pm?')).toContainText('(edited)');

  await messageAction(alice.page, 'Lunch at 1pm?', 'Delete');
  await alice.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(messages(bob.page).first()).toHaveText(/Message deleted/);
  await expect(message(bob.page, 'Lunch at 1pm?')).toHaveCount(0);
  // The reply now quotes a deleted message.
  await expect(message(bob.page, 'Sounds good')).toContainText('Message deleted');

  await alice.page.context().close();
  await bob.page.context().close();
});
