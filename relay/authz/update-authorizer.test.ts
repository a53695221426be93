import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { clientBindings } from '../../model/authors.ts';
import { parseDocName } from '../../model/doc-names.ts';
import { formatHlc } from '../../model/hlc.ts';
import { conversationsMap, setDraft, setReadMarker, writeRelayFields } from '../../model/inbox.ts';
import { addReaction, deleteMessage, editMessage, removeReaction, sendMessage } from '../../model/messages.ts';
import { advanceReadPositions, READS_KEY } from '../../model/read-positions.ts';
import { MessageField, messagesMap } from '../../model/schema.ts';
import { MAX_TEXT_LENGTH } from '../../model/validation.ts';
import { appendSegment } from '../../model/segments.ts';
import { stampAt } from '../../model/testing.ts';
import type { Role } from '../../model/write-policy.ts';
import { authorizeUpdate, type AuthzResult } from './update-authorizer.ts';

const SEGMENT = parseDocName('c:k1:s:0')!;
const HEAD = parseDocName('c:k1')!;
const INBOX = parseDocName('i:ubob')!;
const ALICE = 11;
const BOB = 22;
const noLookup = (): string | undefined => undefined;
const NOW = 1_700_000_000_000;

/** The relay's committed doc plus each user's replica, with alice's and bob's clientIDs bound. */
function setup() {
  const relay = new Y.Doc();
  const bindings = new Map<number, string>([
    [ALICE, 'ualice'],
    [BOB, 'ubob'],
  ]);
  const replica = (clientID: number): Y.Doc => {
    const doc = new Y.Doc();
    doc.clientID = clientID;
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(relay));
    return doc;
  };
  const authorize = (doc: Y.Doc, change: () => void, userId: string, role: Role = 'member'): AuthzResult => {
    const before = Y.encodeStateVector(doc);
    change();
    const update = Y.encodeStateAsUpdate(doc, before);
    const result = authorizeUpdate({
      doc: relay,
      docName: SEGMENT,
      update: Y.decodeUpdate(update),
      writer: { userId, role },
      bindings,
      nowMs: NOW,
    });
    if (result.ok === true) {
      Y.applyUpdate(relay, update);
      for (const client of result.newClients) bindings.set(client, userId);
    }
    return result;
  };
  return { relay, bindings, replica, authorize };
}

/** Alice's message, committed on the relay; bob's replica has it. */
function withAliceMessage() {
  const env = setup();
  const alice = env.replica(ALICE);
  let id = '';
  expect(env.authorize(alice, () => (id = sendMessage(alice, { text: 'hello' }, stampAt(alice, 1_000))), 'ualice').ok).toBe(true);
  const bob = env.replica(BOB);
  return { ...env, alice, bob, id };
}

function denied(result: AuthzResult): string {
  return result.ok === false ? result.code : `allowed (${String(result.ok)})`;
}

describe('authorizeUpdate on conversation segments', () => {
  it('lets a member send a message and reports its new clientID for binding', () => {
    const env = setup();
    const carol = env.replica(33);
    const result = env.authorize(carol, () => sendMessage(carol, { text: 'hi' }, stampAt(carol, 1)), 'ucarol');
    expect(result).toMatchObject({ ok: true, newClients: [33], created: [expect.stringMatching(/~x$/)] });
  });

  it('lets an author edit and delete their own message, reactions of others included', () => {
    const env = withAliceMessage();
    expect(env.authorize(env.bob, () => addReaction(env.bob, env.id, '👍', 'ubob'), 'ubob').ok).toBe(true);
    Y.applyUpdate(env.alice, Y.encodeStateAsUpdate(env.relay));
    expect(env.authorize(env.alice, () => editMessage(env.alice, env.id, 'hello!', 2_000, noLookup), 'ualice').ok).toBe(true);
    expect(env.authorize(env.alice, () => deleteMessage(env.alice, env.id), 'ualice').ok).toBe(true);
  });

  it('reports the earlier messages an update edits or deletes, not those it creates or reacts to', () => {
    const { alice, bob, id, authorize } = withAliceMessage();
    const changedBy = (doc: Y.Doc, change: () => void, userId: string): string[] => {
      const result = authorize(doc, change, userId);
      return result.ok === true ? result.changed : [`refused: ${denied(result)}`];
    };
    expect(changedBy(bob, () => addReaction(bob, id, '👍', 'ubob'), 'ubob')).toEqual([]);
    let fresh = '';
    expect(
      changedBy(
        alice,
        () => {
          fresh = sendMessage(alice, { text: 'new' }, stampAt(alice, 2_000));
          editMessage(alice, fresh, 'new, edited', 2_500, noLookup);
        },
        'ualice',
      ),
    ).toEqual([]);
    expect(changedBy(alice, () => editMessage(alice, id, 'hello again', 3_000, noLookup), 'ualice')).toEqual([id]);
    expect(
      changedBy(
        alice,
        () => {
          deleteMessage(alice, id);
          deleteMessage(alice, fresh);
        },
        'ualice',
      ).sort(),
    ).toEqual([id, fresh].sort());
  });

  it("refuses a member's edit of another member's message", () => {
    const env = withAliceMessage();
    expect(denied(env.authorize(env.bob, () => editMessage(env.bob, env.id, 'forged', 2_000, noLookup), 'ubob'))).toBe('forbidden');
  });

  it("refuses a member's delete of another member's message, and lets moderators and admins do it", () => {
    const env = withAliceMessage();
    expect(denied(env.authorize(env.bob, () => deleteMessage(env.bob, env.id), 'ubob'))).toBe('forbidden');
    const moderator = env.replica(BOB);
    expect(env.authorize(moderator, () => deleteMessage(moderator, env.id), 'ubob', 'moderator').ok).toBe(true);
    const admin = withAliceMessage();
    expect(admin.authorize(admin.bob, () => deleteMessage(admin.bob, admin.id), 'ubob', 'admin').ok).toBe(true);
  });

  it("refuses a moderator changing the text of another member's message", () => {
    const env = withAliceMessage();
    expect(denied(env.authorize(env.bob, () => editMessage(env.bob, env.id, 'forged', 2_000, noLookup), 'ubob', 'moderator'))).toBe(
      'forbidden',
    );
  });

  it('refuses removing a message from the messages map, even by its author or an admin', () => {
    const env = withAliceMessage();
    expect(denied(env.authorize(env.alice, () => messagesMap(env.alice).delete(env.id), 'ualice', 'admin'))).toBe('forbidden');
  });

  it("lets members react, and refuses adding or removing a reaction in someone else's name", () => {
    const env = withAliceMessage();
    expect(env.authorize(env.bob, () => addReaction(env.bob, env.id, '🎉', 'ubob'), 'ubob').ok).toBe(true);
    expect(denied(env.authorize(env.bob, () => addReaction(env.bob, env.id, '👎', 'ualice'), 'ubob'))).toBe('forbidden');
    const alice = env.replica(ALICE);
    expect(denied(env.authorize(alice, () => removeReaction(alice, env.id, '🎉', 'ubob'), 'ualice'))).toBe('forbidden');
    expect(env.authorize(env.bob, () => removeReaction(env.bob, env.id, '🎉', 'ubob'), 'ubob').ok).toBe(true);
  });

  it('refuses structs from a clientID bound to another user', () => {
    const env = withAliceMessage();
    // A fresh doc reusing bob's clientID (a replica would notice the clash and pick a new one).
    const mallory = new Y.Doc();
    mallory.clientID = BOB;
    expect(denied(env.authorize(mallory, () => sendMessage(mallory, { text: 'as bob' }, stampAt(mallory, 5_000)), 'umallory'))).toBe(
      'client_bound_to_other_user',
    );
  });

  it('refuses a message whose id names another client', () => {
    const env = setup();
    const bob = env.replica(BOB);
    const forged = stampAt(env.replica(ALICE), 1_000);
    const result = env.authorize(
      bob,
      () => {
        const message = new Y.Map<unknown>();
        message.set('text', 'x');
        messagesMap(bob).set(forged.id, message);
      },
      'ubob',
    );
    expect(denied(result)).toBe('forbidden');
  });

  it('refuses writes to authorship bindings and to unknown roots', () => {
    const env = setup();
    // A fresh replica for each: a refused update's clocks would leave a gap before the next one.
    const attempt = (change: (bob: Y.Doc) => void): string => {
      const bob = env.replica(BOB);
      return denied(env.authorize(bob, () => change(bob), 'ubob'));
    };
    expect(attempt((bob) => clientBindings(bob).set(String(BOB), 'ualice'))).toBe('server_owned');
    expect(attempt((bob) => bob.getMap('roles').set('ubob', 'admin'))).toBe('unknown_structure');
    expect(attempt((bob) => bob.getArray('messages2').push(['x']))).toBe('unknown_structure');
  });

  it('refuses a plain value where a message map belongs', () => {
    const env = setup();
    const bob = env.replica(BOB);
    const { id } = stampAt(bob, 1);
    expect(denied(env.authorize(bob, () => messagesMap(bob).set(id, 'not a message'), 'ubob'))).toBe('unknown_structure');
  });

  it('refuses text longer than the model allows and a clock far in the future', () => {
    const env = setup();
    const bob = env.replica(BOB);
    const long = env.authorize(
      bob,
      () => {
        const { id } = stampAt(bob, NOW);
        const message = new Y.Map<unknown>();
        message.set('text', 'x'.repeat(MAX_TEXT_LENGTH + 1));
        messagesMap(bob).set(id, message);
      },
      'ubob',
    );
    expect(denied(long)).toBe('message_too_large');
    const future = env.replica(BOB);
    const ahead = env.authorize(
      future,
      () => sendMessage(future, { text: 'from the future' }, stampAt(future, NOW + 24 * 3600_000)),
      'ubob',
    );
    expect(denied(ahead)).toBe('invalid_value');
    const fine = env.replica(BOB);
    expect(env.authorize(fine, () => sendMessage(fine, { text: 'now' }, stampAt(fine, NOW + 60_000)), 'ubob').ok).toBe(true);
  });

  it('asks to wait when an update builds on content the relay has not committed yet', () => {
    const env = setup();
    const alice = env.replica(ALICE);
    const id = sendMessage(alice, { text: 'first' }, stampAt(alice, 1_000));
    const before = Y.encodeStateVector(alice);
    editMessage(alice, id, 'second', 2_000, noLookup);
    const edit = Y.encodeStateAsUpdate(alice, before);
    const result = authorizeUpdate({
      doc: env.relay,
      docName: SEGMENT,
      update: Y.decodeUpdate(edit),
      writer: { userId: 'ualice', role: 'member' },
      bindings: env.bindings,
      nowMs: NOW,
    });
    expect(result).toEqual({ ok: 'wait' });
  });

  it('checks a whole offline batch (send, edit, react, delete) as one update', () => {
    const env = withAliceMessage();
    const result = env.authorize(
      env.bob,
      () => {
        const mine = sendMessage(env.bob, { text: 'offline 1' }, stampAt(env.bob, 3_000));
        editMessage(env.bob, mine, 'offline 1 edited', 3_500, noLookup);
        addReaction(env.bob, env.id, '❤️', 'ubob');
        const other = sendMessage(env.bob, { text: 'offline 2' }, stampAt(env.bob, 4_000));
        deleteMessage(env.bob, other);
      },
      'ubob',
    );
    expect(result.ok).toBe(true);
  });

  it('places a value that overwrites another new one of the same update under its key (an edited message edited again offline)', () => {
    const env = withAliceMessage();
    const editor = env.alice;
    const result = env.authorize(
      editor,
      () => {
        for (let i = 0; i < 3; i++) editMessage(editor, env.id, `hello, edit ${i}`, 2_000 + i, noLookup);
      },
      'ualice',
    );
    expect(result.ok).toBe(true);
    const chained = env.authorize(
      env.bob,
      () => {
        for (let i = 0; i < 3; i++) (messagesMap(env.bob).get(env.id) as Y.Map<unknown>).set(MessageField.text, `by bob ${i}`);
      },
      'ubob',
    );
    expect(denied(chained)).toBe('forbidden');
  });
});

describe('authorizeUpdate on the shape of a message', () => {
  it('refuses a new message without a clock, or with its clock deleted in the same update', () => {
    const env = setup();
    const alice = env.replica(ALICE);
    const unclocked = env.authorize(
      alice,
      () => {
        const id = sendMessage(alice, { text: 'no clock' }, stampAt(alice, 1_000));
        (messagesMap(alice).get(id) as Y.Map<unknown>).delete(MessageField.hlc);
      },
      'ualice',
    );
    expect(denied(unclocked)).toBe('invalid_value');
    // A replica that never saw the refused update, so the next one does not build on it.
    const again = env.replica(ALICE);
    const clockless = env.authorize(
      again,
      () => {
        const { id } = stampAt(again, 2_000);
        const message = new Y.Map<unknown>();
        messagesMap(again).set(id, message);
        message.set(MessageField.id, id);
        message.set(MessageField.text, 'never had a clock');
      },
      'ualice',
    );
    expect(denied(clockless)).toBe('invalid_value');
  });

  it('refuses a map where the schema holds a plain value, and allows the reactions map', () => {
    const env = withAliceMessage();
    const mapped = env.authorize(
      env.alice,
      () => (messagesMap(env.alice).get(env.id) as Y.Map<unknown>).set(MessageField.editedAt, new Y.Map()),
      'ualice',
    );
    expect(denied(mapped)).toBe('invalid_value');
    expect(env.authorize(env.bob, () => addReaction(env.bob, env.id, '👍', 'ubob'), 'ubob').ok).toBe(true);
  });
});

describe('authorizeUpdate on head and inbox documents', () => {
  it('refuses any client write to the segment list', () => {
    const relay = new Y.Doc();
    const client = new Y.Doc();
    const before = Y.encodeStateVector(client);
    appendSegment(client, 'k1', '');
    const result = authorizeUpdate({
      doc: relay,
      docName: HEAD,
      update: Y.decodeUpdate(Y.encodeStateAsUpdate(client, before)),
      writer: { userId: 'ubob', role: 'admin' },
      bindings: new Map(),
      nowMs: NOW,
    });
    expect(denied(result)).toBe('server_owned');
  });

  it("refuses a client's read position in the head, its own or another member's, new or moved", () => {
    const relay = new Y.Doc();
    const server = new Y.Doc();
    advanceReadPositions(server, new Map([['ucarol', formatHlc({ wallMs: 5, counter: 0, node: 'c' })]]), 1);
    Y.applyUpdate(relay, Y.encodeStateAsUpdate(server));
    for (const userId of ['ubob', 'ucarol']) {
      const client = new Y.Doc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(relay));
      const before = Y.encodeStateVector(client);
      client.getMap(READS_KEY).set(userId, { hlc: formatHlc({ wallMs: NOW, counter: 0, node: 'b' }), at: NOW });
      const result = authorizeUpdate({
        doc: relay,
        docName: HEAD,
        update: Y.decodeUpdate(Y.encodeStateAsUpdate(client, before)),
        writer: { userId: 'ubob', role: 'admin' },
        bindings: new Map([[server.clientID, '@relay']]),
        nowMs: NOW,
      });
      expect(denied(result)).toBe('server_owned');
    }
  });

  it("lets the owner write read markers and drafts but not the relay's fields or new entries", () => {
    const relay = new Y.Doc();
    const server = new Y.Doc();
    writeRelayFields(server, 'k1', { lastActivity: 5, unread: 2 });
    Y.applyUpdate(relay, Y.encodeStateAsUpdate(server));
    let owner = new Y.Doc();
    owner.clientID = BOB;
    Y.applyUpdate(owner, Y.encodeStateAsUpdate(relay));
    const bindings = new Map([[server.clientID, '@relay']]);
    const check = (change: () => void): AuthzResult => {
      const before = Y.encodeStateVector(owner);
      change();
      const update = Y.encodeStateAsUpdate(owner, before);
      const result = authorizeUpdate({
        doc: relay,
        docName: INBOX,
        update: Y.decodeUpdate(update),
        writer: { userId: 'ubob', role: 'member' },
        bindings,
        nowMs: NOW,
      });
      if (result.ok === true) {
        Y.applyUpdate(relay, update);
        for (const client of result.newClients) bindings.set(client, 'ubob');
      } else {
        // The relay disconnects a refused writer; its device starts again from what was stored.
        owner = new Y.Doc();
        Y.applyUpdate(owner, Y.encodeStateAsUpdate(relay));
        owner.clientID = BOB;
      }
      return result;
    };
    expect(check(() => setReadMarker(owner, 'k1', formatHlc({ wallMs: 1_000, counter: 0, node: 'm' }))).ok).toBe(true);
    expect(check(() => setDraft(owner, 'k1', 'half a thought')).ok).toBe(true);
    expect(denied(check(() => (conversationsMap(owner).get('k1') as Y.Map<unknown>).set('unread', 0)))).toBe('server_owned');
    // What the list shows of a conversation is the relay's word, a role above all.
    for (const [field, value] of [
      ['role', 'admin'],
      ['memberCount', 1],
      ['otherUser', { id: 'umallory', username: 'alice' }],
      ['topic', 'x'],
      ['visibility', 'public'],
      ['title', 'x'],
    ] as const) {
      expect(denied(check(() => (conversationsMap(owner).get('k1') as Y.Map<unknown>).set(field, value))), field).toBe('server_owned');
    }
    expect(denied(check(() => conversationsMap(owner).set('k2', new Y.Map())))).toBe('server_owned');
  });
});
