import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { authorResolver } from './authors.ts';
import { ModelError } from './errors.ts';
import type { ModelErrorCode } from './errors.ts';
import { messageId } from './ids.ts';
import { addReaction, deleteMessage, editMessage, listMessages, removeReaction, sendMessage } from './messages.ts';
import type { Attachment } from './schema.ts';
import { MessageField, messagesMap } from './schema.ts';
import { docFor, noUsers, stampAt, syncAll } from './testing.ts';
import { MAX_ATTACHMENTS, MAX_TEXT_LENGTH } from './validation.ts';

const photo: Attachment = { id: 'media-1', kind: 'image', name: 'cat.png', size: 1234, mime: 'image/png' };
const users: Record<string, string> = { alice: 'u-alice', bob: 'u-bob' };
const lookup = (name: string) => users[name];

function expectCode(action: () => unknown, code: ModelErrorCode): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe(code);
    return;
  }
  expect.fail(`expected a ModelError with code ${code}`);
}

/** Every update `action` produces on `doc`, decoded. */
function updatesOf(doc: Y.Doc, action: () => void): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const record = (update: Uint8Array) => updates.push(update);
  doc.on('update', record);
  action();
  doc.off('update', record);
  return updates;
}

function contains(haystack: Uint8Array, needle: string): boolean {
  const bytes = new TextEncoder().encode(needle);
  outer: for (let i = 0; i + bytes.length <= haystack.length; i++) {
    for (let j = 0; j < bytes.length; j++) if (haystack[i + j] !== bytes[j]) continue outer;
    return true;
  }
  return false;
}

describe('sendMessage', () => {
  it('M-SEND-1: a sent message is listed with its text, reply-to, mentions and attachments', () => {
    const doc = docFor(1, 'u-alice');
    const first = sendMessage(doc, { text: 'hello' }, stampAt(doc, 1_000));
    const id = sendMessage(doc, { text: 'look @bob', replyTo: first, mentions: ['u-bob'], attachments: [photo] }, stampAt(doc, 2_000));
    const [, message] = listMessages(doc, authorResolver(doc));
    expect(message).toEqual({
      id,
      hlc: stampAt(doc, 2_000).id.split('~')[0],
      author: 'u-alice',
      text: 'look @bob',
      replyTo: first,
      mentions: ['u-bob'],
      attachments: [photo],
      reactions: [],
      edited: false,
      editedAt: null,
      deleted: false,
    });
  });

  it('M-SEND-2: the author is the user bound to the clientID that created the message, never a field', () => {
    const alice = docFor(1, 'u-alice');
    const id = sendMessage(alice, { text: 'hi' }, stampAt(alice, 1_000));
    (messagesMap(alice).get(id) as Y.Map<unknown>).set('author', 'u-mallory');
    const bob = docFor(2, 'u-bob');
    syncAll([alice, bob]);
    expect(listMessages(bob, authorResolver(bob)).map((m) => m.author)).toEqual(['u-alice']);
  });

  it('M-SEND-2: a message from a clientID bound to nobody has a null author', () => {
    const doc = docFor(1);
    sendMessage(doc, { text: 'hi' }, stampAt(doc, 1_000));
    expect(listMessages(doc, noUsers)[0]?.author).toBeNull();
  });

  it('M-SEND-3: refuses an id that is not owned by the writing clientID', () => {
    const doc = docFor(1);
    const { hlc } = stampAt(doc, 1_000);
    expectCode(() => sendMessage(doc, { text: 'hi' }, { hlc, id: messageId(hlc, 2) }), 'invalid_message_id');
    expectCode(() => sendMessage(doc, { text: 'hi' }, { hlc, id: 'no-owner' }), 'invalid_message_id');
    expectCode(() => sendMessage(doc, { text: 'hi' }, { hlc, id: 'UPPER~1' }), 'invalid_message_id');
  });

  it('M-SEND-4: refuses an id that already exists', () => {
    const doc = docFor(1);
    sendMessage(doc, { text: 'hi' }, stampAt(doc, 1_000));
    expectCode(() => sendMessage(doc, { text: 'again' }, stampAt(doc, 1_000)), 'duplicate_message');
  });

  it('M-SEND-5: needs non-blank text or at least one attachment', () => {
    const doc = docFor(1);
    expectCode(() => sendMessage(doc, { text: '' }, stampAt(doc, 1)), 'empty_message');
    expectCode(() => sendMessage(doc, { text: ' \n\t' }, stampAt(doc, 2)), 'empty_message');
    sendMessage(doc, { text: '', attachments: [photo] }, stampAt(doc, 3));
    expect(listMessages(doc, noUsers)).toHaveLength(1);
  });

  it('M-SEND-5: accepts text up to the limit counted in characters, not UTF-16 units', () => {
    const doc = docFor(1);
    sendMessage(doc, { text: 'x'.repeat(MAX_TEXT_LENGTH) }, stampAt(doc, 1));
    sendMessage(doc, { text: '😀'.repeat(MAX_TEXT_LENGTH) }, stampAt(doc, 2));
    expectCode(() => sendMessage(doc, { text: 'x'.repeat(MAX_TEXT_LENGTH + 1) }, stampAt(doc, 3)), 'text_too_long');
  });

  it.each<[string, unknown]>([
    ['an empty id', { ...photo, id: '' }],
    ['an unknown kind', { ...photo, kind: 'audio' }],
    ['a negative size', { ...photo, size: -1 }],
    ['a fractional size', { ...photo, size: 1.5 }],
    ['an empty name', { ...photo, name: '' }],
    ['a name with a control character', { ...photo, name: 'a\nb' }],
    ['a malformed mime type', { ...photo, mime: 'png' }],
    ['a missing field', { id: 'x', kind: 'file', name: 'x', size: 1 }],
    ['null', null],
    ['a width without a height', { ...photo, width: 10 }],
    ['a zero or fractional dimension', { ...photo, width: 0, height: 10 }],
    ['a dimension past any camera', { ...photo, width: 200_000, height: 10 }],
    ['a thumbhash that is not short base64', { ...photo, thumbhash: 'x'.repeat(200) }],
    ['a thumbhash with markup', { ...photo, thumbhash: '<img src=x>' }],
    ['a negative duration', { ...photo, kind: 'video', durationMs: -1 }],
    ['a poster id with a control character', { ...photo, kind: 'video', posterId: 'm\u0000' }],
  ])('M-SEND-5: refuses an attachment with %s', (_name, attachment) => {
    const doc = docFor(1);
    expectCode(() => sendMessage(doc, { text: 'x', attachments: [attachment as Attachment] }, stampAt(doc, 1)), 'invalid_attachment');
  });

  it('M-SEND-5: refuses more than the maximum number of attachments', () => {
    const doc = docFor(1);
    const many = Array.from({ length: MAX_ATTACHMENTS + 1 }, (_, i) => ({ ...photo, id: `m${i}` }));
    expectCode(() => sendMessage(doc, { text: 'x', attachments: many }, stampAt(doc, 1)), 'invalid_attachment');
  });

  it('M-SEND-5: keeps the layout fields of images and videos: size, thumbhash, duration and poster', () => {
    const doc = docFor(1);
    const clip: Attachment = {
      ...photo,
      kind: 'video',
      mime: 'video/mp4',
      width: 1920,
      height: 1080,
      thumbhash: 'HBkSHYSIeHiPiHh8eJd4eTN0EEQG',
      durationMs: 12_500,
      posterId: 'media-2',
    };
    const id = sendMessage(doc, { text: '', attachments: [clip] }, stampAt(doc, 1));
    expect((messagesMap(doc).get(id) as Y.Map<unknown>).get(MessageField.attachments)).toEqual([clip]);
    expect(listMessages(doc, () => undefined)[0]?.attachments).toEqual([clip]);
  });

  it('M-SEND-5: writes only the known attachment fields', () => {
    const doc = docFor(1);
    const id = sendMessage(doc, { text: 'x', attachments: [{ ...photo, url: 'https://evil.example' } as Attachment] }, stampAt(doc, 1));
    expect((messagesMap(doc).get(id) as Y.Map<unknown>).get(MessageField.attachments)).toEqual([photo]);
  });

  it('M-SEND-5: refuses a reply-to that is not a message id and mentions that are not user ids', () => {
    const doc = docFor(1);
    expectCode(() => sendMessage(doc, { text: 'x', replyTo: 'nope' }, stampAt(doc, 1)), 'invalid_reply');
    expectCode(() => sendMessage(doc, { text: 'x', mentions: [''] }, stampAt(doc, 1)), 'invalid_mentions');
    expectCode(() => sendMessage(doc, { text: 'x', mentions: 'u-bob' as unknown as string[] }, stampAt(doc, 1)), 'invalid_mentions');
  });

  it('M-SEND-5: stores each mentioned user once', () => {
    const doc = docFor(1);
    sendMessage(doc, { text: 'x', mentions: ['u-bob', 'u-bob', 'u-carol'] }, stampAt(doc, 1));
    expect(listMessages(doc, noUsers)[0]?.mentions).toEqual(['u-bob', 'u-carol']);
  });

  it('M-SEND-6: a refused message writes nothing', () => {
    const doc = docFor(1);
    const updates = updatesOf(doc, () => {
      expect(() => sendMessage(doc, { text: '' }, stampAt(doc, 1))).toThrow(ModelError);
      expect(() => sendMessage(doc, { text: 'x', attachments: [{ ...photo, size: -1 }] }, stampAt(doc, 1))).toThrow(ModelError);
    });
    expect(updates).toEqual([]);
  });

  it('M-SEND-7: a message travels as one update in which every struct is created by the writing client', () => {
    const doc = docFor(7);
    const updates = updatesOf(doc, () => sendMessage(doc, { text: 'hi', attachments: [photo] }, stampAt(doc, 1)));
    expect(updates).toHaveLength(1);
    const { structs, ds } = Y.decodeUpdate(updates[0] ?? new Uint8Array());
    expect(structs.every((struct) => struct.id.client === 7)).toBe(true);
    expect(ds.clients.size).toBe(0);
  });
});

describe('editMessage', () => {
  it('M-EDIT-1: replaces the text, marks the message edited at the given time and recomputes mentions', () => {
    const doc = docFor(1, 'u-alice');
    const id = sendMessage(doc, { text: 'hi @alice', mentions: ['u-alice'] }, stampAt(doc, 1_000));
    editMessage(doc, id, 'hi @bob and @nobody', 5_000, lookup);
    expect(listMessages(doc, noUsers)[0]).toMatchObject({
      text: 'hi @bob and @nobody',
      edited: true,
      editedAt: 5_000,
      mentions: ['u-bob'],
    });
  });

  it('M-EDIT-2: an edit that keeps the text writes nothing', () => {
    const doc = docFor(1);
    const id = sendMessage(doc, { text: 'same' }, stampAt(doc, 1_000));
    expect(updatesOf(doc, () => editMessage(doc, id, 'same', 5_000, lookup))).toEqual([]);
    expect(listMessages(doc, noUsers)[0]?.edited).toBe(false);
  });

  it('M-EDIT-3: refuses unknown and deleted messages, blank text and text over the limit', () => {
    const doc = docFor(1);
    const id = sendMessage(doc, { text: 'x' }, stampAt(doc, 1));
    const withPhoto = sendMessage(doc, { text: 'x', attachments: [photo] }, stampAt(doc, 2));
    expectCode(() => editMessage(doc, 'zz~1', 'y', 5, lookup), 'message_not_found');
    expectCode(() => editMessage(doc, id, '  ', 5, lookup), 'empty_message');
    expectCode(() => editMessage(doc, id, 'x'.repeat(MAX_TEXT_LENGTH + 1), 5, lookup), 'text_too_long');
    expectCode(() => editMessage(doc, id, 'y', -1, lookup), 'invalid_clock');
    editMessage(doc, withPhoto, '', 5, lookup);
    deleteMessage(doc, id);
    expectCode(() => editMessage(doc, id, 'y', 5, lookup), 'message_deleted');
  });

  it('M-EDIT-4: the previous text is gone from the encoded document after an edit', () => {
    const doc = docFor(1);
    const id = sendMessage(doc, { text: 'first draft with a typo' }, stampAt(doc, 1));
    editMessage(doc, id, 'fixed', 2, lookup);
    expect(contains(Y.encodeStateAsUpdate(doc), 'first draft with a typo')).toBe(false);
  });
});

describe('deleteMessage', () => {
  it('M-DEL-1: a deleted message stays in its place, marked deleted, with no content', () => {
    const doc = docFor(1, 'u-alice');
    const first = sendMessage(doc, { text: 'one' }, stampAt(doc, 1));
    const second = sendMessage(doc, { text: 'two @bob', replyTo: first, mentions: ['u-bob'], attachments: [photo] }, stampAt(doc, 2));
    sendMessage(doc, { text: 'three' }, stampAt(doc, 3));
    addReaction(doc, second, '👍', 'u-alice');
    editMessage(doc, second, 'two, edited', 3, lookup);
    deleteMessage(doc, second);
    const list = listMessages(doc, authorResolver(doc));
    expect(list.map((m) => m.text)).toEqual(['one', '', 'three']);
    expect(list[1]).toEqual({
      id: second,
      hlc: second.split('~')[0],
      author: 'u-alice',
      text: '',
      replyTo: first,
      mentions: [],
      attachments: [],
      reactions: [],
      edited: false,
      editedAt: null,
      deleted: true,
    });
  });

  it('M-DEL-2: the text and attachment names are gone from every encoding of the document, on every replica', () => {
    const alice = docFor(1, 'u-alice');
    const bob = docFor(2, 'u-bob');
    const id = sendMessage(alice, { text: 'my secret plan', attachments: [{ ...photo, name: 'secret-plan.pdf' }] }, stampAt(alice, 1));
    syncAll([alice, bob]);
    addReaction(bob, id, '😮', 'u-bob');
    syncAll([alice, bob]);
    expect(contains(Y.encodeStateAsUpdate(bob), 'my secret plan')).toBe(true);

    const [deletion] = updatesOf(alice, () => deleteMessage(alice, id));
    Y.applyUpdate(bob, deletion ?? new Uint8Array());
    for (const doc of [alice, bob]) {
      const state = Y.encodeStateAsUpdate(doc);
      expect(contains(state, 'my secret plan')).toBe(false);
      expect(contains(state, 'secret-plan.pdf')).toBe(false);
      expect(contains(state, '😮')).toBe(false);
    }
    expect(contains(deletion ?? new Uint8Array(), 'my secret plan')).toBe(false);
  });

  it('M-DEL-3: deleting twice writes nothing the second time', () => {
    const doc = docFor(1);
    const id = sendMessage(doc, { text: 'x' }, stampAt(doc, 1));
    deleteMessage(doc, id);
    expect(updatesOf(doc, () => deleteMessage(doc, id))).toEqual([]);
    expectCode(() => deleteMessage(doc, 'zz~1'), 'message_not_found');
  });

  it('M-DEL-4: an edit concurrent with the delete never shows, and deleting again removes its text', () => {
    const phone = docFor(1, 'u-alice');
    const laptop = docFor(2, 'u-alice');
    const id = sendMessage(phone, { text: 'original' }, stampAt(phone, 1));
    syncAll([phone, laptop]);
    editMessage(laptop, id, 'edited offline', 5, lookup);
    deleteMessage(phone, id);
    syncAll([phone, laptop]);
    for (const doc of [phone, laptop]) expect(listMessages(doc, noUsers)[0]).toMatchObject({ deleted: true, text: '', edited: false });
    deleteMessage(phone, id);
    syncAll([phone, laptop]);
    expect(contains(Y.encodeStateAsUpdate(laptop), 'edited offline')).toBe(false);
  });

  it('M-DEL-5: a reaction added concurrently with the delete disappears', () => {
    const alice = docFor(1, 'u-alice');
    const bob = docFor(2, 'u-bob');
    const id = sendMessage(alice, { text: 'x' }, stampAt(alice, 1));
    syncAll([alice, bob]);
    addReaction(bob, id, '🎉', 'u-bob');
    deleteMessage(alice, id);
    syncAll([alice, bob]);
    for (const doc of [alice, bob]) expect(listMessages(doc, noUsers)[0]?.reactions).toEqual([]);
    for (const doc of [alice, bob]) expect(contains(Y.encodeStateAsUpdate(doc), '🎉')).toBe(false);
  });

  it('M-DEL-7: a replica that gets a delete before an earlier update of the same client shows the message deleted', () => {
    const alice = docFor(1, 'u-alice');
    const bob = docFor(2, 'u-bob');
    const id = sendMessage(alice, { text: 'original' }, stampAt(alice, 1));
    syncAll([alice, bob]);
    sendMessage(alice, { text: 'later' }, stampAt(alice, 2)); // not delivered to bob yet
    const [deletion] = updatesOf(alice, () => deleteMessage(alice, id));
    Y.applyUpdate(bob, deletion ?? new Uint8Array());
    expect((messagesMap(bob).get(id) as Y.Map<unknown>).get(MessageField.deleted)).toBeUndefined();
    expect(listMessages(bob, noUsers)[0]).toMatchObject({ deleted: true, text: '' });
    expectCode(() => addReaction(bob, id, '👍', 'u-bob'), 'message_deleted');
  });

  it('M-DEL-7: a replica that gets a delete but not the edit before it shows the message deleted, not its old text', () => {
    const alice = docFor(1, 'u-alice');
    const bob = docFor(2, 'u-bob');
    const id = sendMessage(alice, { text: 'original' }, stampAt(alice, 1));
    syncAll([alice, bob]);
    updatesOf(alice, () => editMessage(alice, id, 'edited', 2, lookup)); // not delivered to bob yet
    const [deletion] = updatesOf(alice, () => deleteMessage(alice, id));
    Y.applyUpdate(bob, deletion ?? new Uint8Array());
    expect(listMessages(bob, noUsers)[0]).toMatchObject({ deleted: true, text: '' });
    expectCode(() => addReaction(bob, id, '👍', 'u-bob'), 'message_deleted');
  });

  it('M-DEL-6: deleting removes fields a newer schema added, not only the ones this version knows', () => {
    const doc = docFor(1);
    const id = sendMessage(doc, { text: 'x' }, stampAt(doc, 1));
    (messagesMap(doc).get(id) as Y.Map<unknown>).set('poll', { question: 'lunch at noon?' });
    deleteMessage(doc, id);
    expect(contains(Y.encodeStateAsUpdate(doc), 'lunch at noon?')).toBe(false);
    expect([...(messagesMap(doc).get(id) as Y.Map<unknown>).keys()].sort()).toEqual(['deleted', 'hlc', 'id', 'v']);
  });
});

describe('reactions', () => {
  it('M-REACT-1: lists each emoji once with its users, emojis and users in a fixed order', () => {
    const alice = docFor(1, 'u-alice');
    const bob = docFor(2, 'u-bob');
    const id = sendMessage(alice, { text: 'x' }, stampAt(alice, 1));
    syncAll([alice, bob]);
    addReaction(bob, id, '👍', 'u-bob');
    addReaction(alice, id, '🎉', 'u-alice');
    addReaction(alice, id, '👍', 'u-alice');
    syncAll([alice, bob]);
    const expected = [
      { emoji: '🎉', users: ['u-alice'] },
      { emoji: '👍', users: ['u-alice', 'u-bob'] },
    ];
    expect(listMessages(alice, noUsers)[0]?.reactions).toEqual(expected);
    expect(listMessages(bob, noUsers)[0]?.reactions).toEqual(expected);
  });

  it("M-REACT-2: adding a reaction twice writes nothing; removing takes away only that user's reaction", () => {
    const doc = docFor(1);
    const id = sendMessage(doc, { text: 'x' }, stampAt(doc, 1));
    addReaction(doc, id, '👍', 'u-alice');
    expect(updatesOf(doc, () => addReaction(doc, id, '👍', 'u-alice'))).toEqual([]);
    addReaction(doc, id, '👍', 'u-bob');
    removeReaction(doc, id, '👍', 'u-alice');
    expect(listMessages(doc, noUsers)[0]?.reactions).toEqual([{ emoji: '👍', users: ['u-bob'] }]);
    expect(updatesOf(doc, () => removeReaction(doc, id, '👍', 'u-alice'))).toEqual([]);
  });

  it('M-REACT-3: a reaction is one item created by the reacting client, and removing it deletes only that item', () => {
    const alice = docFor(1, 'u-alice');
    const bob = docFor(2, 'u-bob');
    const id = sendMessage(alice, { text: 'x' }, stampAt(alice, 1));
    addReaction(alice, id, '👍', 'u-alice');
    syncAll([alice, bob]);
    const [added] = updatesOf(bob, () => addReaction(bob, id, '👍', 'u-bob'));
    const decoded = Y.decodeUpdate(added ?? new Uint8Array());
    expect(decoded.structs.map((s) => s.id.client)).toEqual([2]);
    expect((decoded.structs[0] as Y.Item).parentSub).toBe('👍\u0000u-bob');
    const [removed] = updatesOf(bob, () => removeReaction(bob, id, '👍', 'u-bob'));
    const { structs, ds } = Y.decodeUpdate(removed ?? new Uint8Array());
    expect(structs).toEqual([]);
    expect([...ds.clients.keys()]).toEqual([2]);
  });

  it.each(['👍', '👍🏽', '🇫🇷', '1️⃣', '👨‍👩‍👧', '❤️'])('M-REACT-4: accepts the emoji %s', (emoji) => {
    const doc = docFor(1);
    const id = sendMessage(doc, { text: 'x' }, stampAt(doc, 1));
    addReaction(doc, id, emoji, 'u-alice');
    expect(listMessages(doc, noUsers)[0]?.reactions).toEqual([{ emoji, users: ['u-alice'] }]);
  });

  it.each(['', 'a', ':)', '👍👍', '👍 ', '👍\u0000', 'x'.repeat(40)])('M-REACT-4: refuses %j as an emoji', (emoji) => {
    const doc = docFor(1);
    const id = sendMessage(doc, { text: 'x' }, stampAt(doc, 1));
    expectCode(() => addReaction(doc, id, emoji, 'u-alice'), 'invalid_emoji');
  });

  it('M-REACT-4: refuses user ids that are empty or contain control characters', () => {
    const doc = docFor(1);
    const id = sendMessage(doc, { text: 'x' }, stampAt(doc, 1));
    expectCode(() => addReaction(doc, id, '👍', ''), 'invalid_user_id');
    expectCode(() => addReaction(doc, id, '👍', 'a\u0000b'), 'invalid_user_id');
  });

  it('M-REACT-5: reacting to a deleted or unknown message is refused; removing from a deleted one does nothing', () => {
    const doc = docFor(1);
    const id = sendMessage(doc, { text: 'x' }, stampAt(doc, 1));
    addReaction(doc, id, '👍', 'u-alice');
    deleteMessage(doc, id);
    expectCode(() => addReaction(doc, id, '👍', 'u-bob'), 'message_deleted');
    expectCode(() => addReaction(doc, 'zz~1', '👍', 'u-bob'), 'message_not_found');
    expect(updatesOf(doc, () => removeReaction(doc, id, '👍', 'u-alice'))).toEqual([]);
    expectCode(() => removeReaction(doc, 'zz~1', '👍', 'u-bob'), 'message_not_found');
  });
});

describe('listMessages', () => {
  it('M-LIST-1: lists messages by HLC, whatever order they were written or received in', () => {
    const alice = docFor(1, 'u-alice');
    const bob = docFor(2, 'u-bob');
    sendMessage(alice, { text: 'third' }, stampAt(alice, 3_000));
    sendMessage(bob, { text: 'first' }, stampAt(bob, 1_000));
    sendMessage(alice, { text: 'second' }, stampAt(alice, 2_000));
    syncAll([bob, alice]);
    expect(listMessages(alice, noUsers).map((m) => m.text)).toEqual(['first', 'second', 'third']);
    expect(listMessages(bob, noUsers)).toEqual(listMessages(alice, noUsers));
  });

  it('M-LIST-1: breaks HLC ties by id', () => {
    const a = docFor(1);
    const b = docFor(2);
    const hlc = { wallMs: 5, counter: 0, node: 'n' };
    sendMessage(b, { text: 'from 2' }, { hlc, id: messageId(hlc, 2) });
    sendMessage(a, { text: 'from 1' }, { hlc, id: messageId(hlc, 1) });
    syncAll([a, b]);
    expect(listMessages(b, noUsers).map((m) => m.text)).toEqual(['from 1', 'from 2']);
  });

  it('M-LIST-2: skips entries that are not message maps', () => {
    const doc = docFor(1);
    sendMessage(doc, { text: 'real' }, stampAt(doc, 1));
    messagesMap(doc).set('junk', 'not a message');
    expect(listMessages(doc, noUsers).map((m) => m.text)).toEqual(['real']);
  });
});
