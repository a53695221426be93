// Longer run: PROPERTY_RUNS=5000 npx vitest run relay/authz/update-authorizer.property.test.ts (replay a failure with PROPERTY_SEED=<seed>).
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { describe, it } from 'vitest';
import * as Y from 'yjs';
import { clientBindings } from '../../model/authors.ts';
import { parseDocName } from '../../model/doc-names.ts';
import { ModelError } from '../../model/errors.ts';
import { formatHlc, MAX_CLOCK_DRIFT_MS, parseHlc } from '../../model/hlc.ts';
import { messageIdClient } from '../../model/ids.ts';
import { addReaction, deleteMessage, editMessage, removeReaction, sendMessage } from '../../model/messages.ts';
import { advanceReadPositions, READS_KEY, readPositions } from '../../model/read-positions.ts';
import { isTombstone, MessageField, messagesMap, parseReactionKey, reactionKey, readMessage } from '../../model/schema.ts';
import { stampAt } from '../../model/testing.ts';
import type { Attachment } from '../../model/schema.ts';
import { checkAttachments, codePointLength, MAX_MENTIONS, MAX_TEXT_LENGTH } from '../../model/validation.ts';
import type { Role, Writer } from '../../model/write-policy.ts';
import { inspectUpdate } from '../sync/update-check.ts';
import { authorizeUpdate } from './update-authorizer.ts';

const SEGMENT = parseDocName('c:k1:s:0')!;
const NOW = 1_700_000_000_000;
const MARKER = 'FORGED';
/** What an honest photo attachment looks like, layout fields and all. */
const ATTACHMENT: Attachment = {
  id: 'm-photo',
  kind: 'image',
  name: 'a.jpg',
  size: 10,
  mime: 'image/jpeg',
  width: 40,
  height: 30,
  thumbhash: 'HBkSHYSIeHiPiHh8eJd4eTN0EEQG',
};
const noLookup = (): string | undefined => undefined;

type UserName = 'alice' | 'bob' | 'mod' | 'mallory';
const USERS: Record<UserName, { userId: string; role: Role; clients: number[] }> = {
  // alice has a second device whose clientID is first used (and bound) during the run.
  alice: { userId: 'ualice', role: 'member', clients: [11, 12] },
  bob: { userId: 'ubob', role: 'member', clients: [22] },
  mod: { userId: 'umod', role: 'moderator', clients: [33] },
  mallory: { userId: 'umallory', role: 'member', clients: [44] },
};
const MALLORY = USERS.mallory;
const HONEST: UserName[] = ['alice', 'bob', 'mod', 'mallory'];
const EMOJIS = ['👍', '🎉'];

const writerOf = (name: UserName): Writer => ({ userId: USERS[name].userId, role: USERS[name].role });

/** The relay's committed doc and bindings, updated exactly as the relay does on an accepted update. */
class World {
  readonly relay = new Y.Doc();
  readonly bindings = new Map<number, string>();
  readonly relayWriters: number[] = [];
  #nextRelayClient = 900_000;
  #wall = NOW - 3_600_000;

  constructor() {
    for (const name of HONEST) this.bind([USERS[name].clients[0]!], USERS[name].userId);
  }

  nextWall(): number {
    this.#wall += 1_000;
    return this.#wall;
  }

  /** Like relay/sync/relay-writes.ts bindingUpdate, with a deterministic fresh clientID. */
  bind(clients: readonly number[], userId: string): void {
    const writer = new Y.Doc();
    writer.clientID = this.#nextRelayClient++;
    const map = clientBindings(writer);
    writer.transact(() => {
      for (const client of clients) map.set(String(client), userId);
    });
    Y.applyUpdate(this.relay, Y.encodeStateAsUpdate(writer));
    writer.destroy();
    this.relayWriters.push(writer.clientID);
    for (const client of clients) this.bindings.set(client, userId);
  }

  /** The relay path: diff against the committed state, inspect, decode, authorize, commit. */
  submit(update: Uint8Array, writer: Writer): boolean {
    let data: Uint8Array;
    let newClients: number[];
    try {
      data = Y.diffUpdate(update, Y.encodeStateVector(this.relay));
      inspectUpdate(data);
      const result = authorizeUpdate({
        doc: this.relay,
        docName: SEGMENT,
        update: Y.decodeUpdate(data),
        writer,
        bindings: this.bindings,
        nowMs: NOW,
      });
      if (result.ok !== true) return false;
      newClients = result.newClients;
    } catch {
      return false;
    }
    // Not in the try: an accepted update that Yjs cannot apply is itself a failure.
    Y.applyUpdate(this.relay, data);
    if (newClients.length > 0) this.bind(newClients, writer.userId);
    return true;
  }

  /** A doc with the relay's state whose next writes come from `clientID` (set after loading, so Yjs keeps it). */
  replica(clientID: number, withState = true): Y.Doc {
    const doc = new Y.Doc();
    if (withState) Y.applyUpdate(doc, Y.encodeStateAsUpdate(this.relay));
    doc.clientID = clientID;
    return doc;
  }

  knownClock(client: number): number {
    return Y.getState(this.relay.store, client);
  }

  messages(): { id: string; map: Y.Map<unknown>; author: string | undefined; live: boolean }[] {
    const out: { id: string; map: Y.Map<unknown>; author: string | undefined; live: boolean }[] = [];
    for (const [id, value] of messagesMap(this.relay).entries()) {
      if (!(value instanceof Y.Map)) continue;
      const creator = value._item?.id.client;
      out.push({ id, map: value, author: creator === undefined ? undefined : this.bindings.get(creator), live: !isTombstone(value) });
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Every item the relay holds under `messages`, for targeted references and deletions. */
  items(): Y.Item[] {
    const out: Y.Item[] = [];
    const walk = (type: Y.AbstractType<unknown>): void => {
      for (const item of type._map.values()) visit(item);
      for (let item = type._start; item; item = item.right) visit(item);
    };
    const visit = (item: Y.Item): void => {
      out.push(item);
      if (item.content instanceof Y.ContentType) walk(item.content.type as Y.AbstractType<unknown>);
    };
    walk(messagesMap(this.relay) as Y.AbstractType<unknown>);
    return out;
  }
}

// ---------- Commands ----------

type ClientChoice = { kind: 'own' | 'victim' | 'fresh' | 'relay'; pick: number };
type ClockChoice = { kind: 'known' | 'end' | 'future'; pick: number };
type ContentKind =
  | 'anyLong'
  | 'anyFuture'
  | 'anyMarker'
  | 'anyTrue'
  | 'anyMentions'
  | 'anyAttachments'
  | 'json'
  | 'string'
  | 'binary'
  | 'embed'
  | 'format'
  | 'typeMap'
  | 'typeText'
  | 'deleted';
type Mutation =
  | { kind: 'skip'; client: ClientChoice; clock: ClockChoice; len: number }
  | {
      kind: 'ref';
      struct: number;
      which: 'origin' | 'rightOrigin' | 'parent';
      target: 'item' | 'raw';
      pick: number;
      client: ClientChoice;
      clock: ClockChoice;
      sub: number;
    }
  | { kind: 'client'; struct: number; client: ClientChoice; clock: ClockChoice }
  | { kind: 'content'; struct: number; content: ContentKind }
  | { kind: 'delete'; target: 'item' | 'raw'; pick: number; client: ClientChoice; clock: ClockChoice; len: number }
  | { kind: 'duplicate'; struct: number; pick: number; sub: number };
type HostileBase = 'send' | 'editVictim' | 'deleteVictim' | 'removeMessage' | 'reactAs' | 'unreactAs' | 'setField' | 'bindSelf' | 'editOwn';
type Command =
  | { kind: 'send'; user: UserName; device: number; len: number; mentions: number; attachments: number }
  | { kind: 'edit'; user: UserName; pick: number; len: number }
  | { kind: 'delete'; user: UserName; pick: number }
  | { kind: 'modDelete'; pick: number }
  | { kind: 'react'; user: UserName; pick: number; emoji: number }
  | { kind: 'unreact'; user: UserName; pick: number; emoji: number }
  | { kind: 'hostile'; base: HostileBase; client: ClientChoice; withState: boolean; pick: number; mutations: Mutation[] };

const userArb = fc.constantFrom<UserName>(...HONEST);
const clientArb: fc.Arbitrary<ClientChoice> = fc.record({ kind: fc.constantFrom('own', 'victim', 'fresh', 'relay'), pick: fc.nat(50) });
const clockArb: fc.Arbitrary<ClockChoice> = fc.record({ kind: fc.constantFrom('known', 'end', 'future'), pick: fc.nat(50) });
const contentArb = fc.constantFrom<ContentKind>(
  'anyLong',
  'anyFuture',
  'anyMarker',
  'anyTrue',
  'anyMentions',
  'anyAttachments',
  'json',
  'string',
  'binary',
  'embed',
  'format',
  'typeMap',
  'typeText',
  'deleted',
);
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('skip' as const), client: clientArb, clock: clockArb, len: fc.integer({ min: 1, max: 4 }) }),
  fc.record({
    kind: fc.constant('ref' as const),
    struct: fc.nat(20),
    which: fc.constantFrom('origin' as const, 'rightOrigin' as const, 'parent' as const),
    target: fc.constantFrom('item' as const, 'raw' as const),
    pick: fc.nat(200),
    client: clientArb,
    clock: clockArb,
    sub: fc.nat(10),
  }),
  fc.record({ kind: fc.constant('client' as const), struct: fc.nat(20), client: clientArb, clock: clockArb }),
  fc.record({ kind: fc.constant('content' as const), struct: fc.nat(20), content: contentArb }),
  fc.record({
    kind: fc.constant('delete' as const),
    target: fc.constantFrom('item' as const, 'raw' as const),
    pick: fc.nat(200),
    client: clientArb,
    clock: clockArb,
    len: fc.integer({ min: 1, max: 6 }),
  }),
  fc.record({ kind: fc.constant('duplicate' as const), struct: fc.nat(20), pick: fc.nat(200), sub: fc.nat(10) }),
);
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('send' as const),
      user: userArb,
      device: fc.nat(1),
      len: fc.nat(30),
      mentions: fc.nat(3),
      attachments: fc.nat(2),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('edit' as const), user: userArb, pick: fc.nat(50), len: fc.nat(30) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), user: userArb, pick: fc.nat(50) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('modDelete' as const), pick: fc.nat(50) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('react' as const), user: userArb, pick: fc.nat(50), emoji: fc.nat(1) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('unreact' as const), user: userArb, pick: fc.nat(50), emoji: fc.nat(1) }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('hostile' as const),
      base: fc.constantFrom<HostileBase>(
        'send',
        'editVictim',
        'deleteVictim',
        'removeMessage',
        'reactAs',
        'unreactAs',
        'setField',
        'bindSelf',
        'editOwn',
      ),
      client: clientArb,
      withState: fc.boolean(),
      pick: fc.nat(50),
      mutations: fc.array(mutationArb, { maxLength: 3 }),
    }),
    weight: 6,
  },
);

// ---------- Honest ops ----------

/** Runs one honest op on the user's own replica and sends it; a model refusal means nothing is sent. */
function honest(world: World, command: Exclude<Command, { kind: 'hostile' }>): void {
  const name: UserName = command.kind === 'modDelete' ? 'mod' : command.user;
  const user = USERS[name];
  const clientID = command.kind === 'send' ? user.clients[command.device % user.clients.length]! : user.clients[0]!;
  const doc = world.replica(clientID);
  const messages = world.messages();
  const own = messages.filter((m) => m.live && m.author === user.userId);
  const live = messages.filter((m) => m.live);
  const before = Y.encodeStateVector(doc);
  try {
    switch (command.kind) {
      case 'send': {
        const mentions = ['ualice', 'ubob', 'umod'].slice(0, command.mentions);
        const attachments = [
          ATTACHMENT,
          { ...ATTACHMENT, id: 'm-clip', kind: 'video' as const, mime: 'video/mp4', durationMs: 4_000, posterId: 'm-poster' },
        ];
        sendMessage(
          doc,
          { text: `${name} says ${'h'.repeat(command.len)}`, mentions, attachments: attachments.slice(0, command.attachments) },
          stampAt(doc, world.nextWall()),
        );
        break;
      }
      case 'edit': {
        const target = own[command.pick % Math.max(own.length, 1)];
        if (!target) return;
        editMessage(doc, target.id, `${name} edits ${'e'.repeat(command.len)}`, world.nextWall(), noLookup);
        break;
      }
      case 'delete': {
        const target = own[command.pick % Math.max(own.length, 1)];
        if (!target) return;
        deleteMessage(doc, target.id);
        break;
      }
      case 'modDelete': {
        const target = messages[command.pick % Math.max(messages.length, 1)];
        if (!target) return;
        deleteMessage(doc, target.id);
        break;
      }
      case 'react': {
        const target = live[command.pick % Math.max(live.length, 1)];
        if (!target) return;
        addReaction(doc, target.id, EMOJIS[command.emoji]!, user.userId);
        break;
      }
      case 'unreact': {
        const target = messages[command.pick % Math.max(messages.length, 1)];
        if (!target) return;
        removeReaction(doc, target.id, EMOJIS[command.emoji]!, user.userId);
        break;
      }
    }
  } catch (error) {
    if (error instanceof ModelError) return;
    throw error;
  }
  const update = Y.encodeStateAsUpdate(doc, before);
  if (Y.decodeUpdate(update).structs.length === 0 && Y.decodeUpdate(update).ds.clients.size === 0) return;
  if (!world.submit(update, writerOf(name))) throw new Error(`honest ${JSON.stringify(command)} by ${name} was refused`);
}

// ---------- Hostile ops ----------

function resolveClient(world: World, choice: ClientChoice): number {
  const victims = [...world.bindings.entries()]
    .filter(([, user]) => user !== MALLORY.userId)
    .map(([client]) => client)
    .sort((a, b) => a - b);
  const pickFrom = (list: readonly number[]): number => list[choice.pick % list.length] ?? MALLORY.clients[0]!;
  switch (choice.kind) {
    case 'own':
      return MALLORY.clients[0]!;
    case 'victim':
      return pickFrom(victims);
    case 'fresh':
      return 5_000 + (choice.pick % 3);
    case 'relay':
      return pickFrom(world.relayWriters);
  }
}

function resolveClock(world: World, client: number, choice: ClockChoice): number {
  const known = world.knownClock(client);
  switch (choice.kind) {
    case 'known':
      return known > 0 ? choice.pick % known : 0;
    case 'end':
      return known;
    case 'future':
      return known + 1 + (choice.pick % 5);
  }
}

const SUBS = (victimUser: string): (string | null)[] => [
  MessageField.text,
  MessageField.deleted,
  MessageField.hlc,
  MessageField.mentions,
  MessageField.reactions,
  reactionKey('👍', victimUser),
  reactionKey('👍', MALLORY.userId),
  'clients',
  null,
  '44',
  'extra',
];

function makeContent(kind: ContentKind): Y.Item['content'] {
  const future = formatHlc({ wallMs: NOW + 30 * 86_400_000, counter: 0, node: 'zz' });
  switch (kind) {
    case 'anyLong':
      return new Y.ContentAny(['ok', 'L'.repeat(20_000)]);
    case 'anyFuture':
      return new Y.ContentAny([formatHlc({ wallMs: NOW - 1_000, counter: 0, node: '1c' }), future]);
    case 'anyMarker':
      return new Y.ContentAny([`${MARKER} text`, true, `${MARKER} last`]);
    case 'anyTrue':
      return new Y.ContentAny([true]);
    case 'anyMentions':
      return new Y.ContentAny([[], Array.from({ length: MAX_MENTIONS + 10 }, (_, i) => `u${i}`)]);
    case 'anyAttachments':
      // A well-formed list first, then what a reader must never get: markup in the placeholder,
      // a poster with a control character, a size nobody shoots, a field the model never writes.
      return new Y.ContentAny([
        [ATTACHMENT],
        [{ ...ATTACHMENT, thumbhash: `<img src=x onerror=alert(1)>${MARKER}` }],
        [{ ...ATTACHMENT, kind: 'video', posterId: 'm\u0000x', durationMs: -5 }],
        [{ ...ATTACHMENT, width: 1e9, height: 1 }],
        [{ ...ATTACHMENT, url: `https://evil.example/${MARKER}` }],
      ]);
    case 'json':
      return new Y.ContentJSON([MARKER, true]);
    case 'string':
      return new Y.ContentString(MARKER);
    case 'binary':
      return new Y.ContentBinary(new Uint8Array([1]));
    case 'embed':
      return new Y.ContentEmbed({});
    case 'format':
      return new Y.ContentFormat('k', 'v');
    case 'typeMap':
      return new Y.ContentType(new Y.Map());
    case 'typeText':
      return new Y.ContentType(new Y.Text());
    case 'deleted':
      return new Y.ContentDeleted(1);
  }
}

type Struct = Y.Item | Y.GC | Y.Skip;
interface Group {
  client: number;
  firstClock: number;
  structs: Struct[];
}

/** V1 encoding, written by hand so that structs, groups and ranges can be anything. */
function encodeV1(groups: readonly Group[], ds: ReadonlyMap<number, { clock: number; len: number }[]>): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, groups.length);
  for (const group of groups) {
    encoding.writeVarUint(encoder.restEncoder, group.structs.length);
    encoder.writeClient(group.client);
    encoding.writeVarUint(encoder.restEncoder, group.firstClock);
    for (const struct of group.structs) struct.write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, ds.size);
  for (const [client, ranges] of ds) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const range of ranges) {
      encoder.writeDsClock(range.clock);
      encoder.writeDsLen(range.len);
    }
  }
  return encoder.toUint8Array();
}

/** Groups structs by client in clock order, filling gaps with Skips (clocks are implied by lengths). */
function groupStructs(structs: readonly Struct[]): Group[] {
  const byClient = new Map<number, Struct[]>();
  for (const struct of structs) {
    const list = byClient.get(struct.id.client);
    if (list) list.push(struct);
    else byClient.set(struct.id.client, [struct]);
  }
  const groups: Group[] = [];
  for (const [client, list] of byClient) {
    list.sort((a, b) => a.id.clock - b.id.clock);
    const out: Struct[] = [];
    let clock = list[0]!.id.clock;
    for (const struct of list) {
      if (struct.id.clock > clock) out.push(new Y.Skip(Y.createID(client, clock), struct.id.clock - clock));
      out.push(struct);
      clock = Math.max(clock, struct.id.clock) + struct.length;
    }
    groups.push({ client, firstClock: list[0]!.id.clock, structs: out });
  }
  return groups;
}

/** Builds mallory's honest-looking update for `base`, from her replica or a doc writing as another clientID. */
function hostileBase(world: World, command: Extract<Command, { kind: 'hostile' }>): Uint8Array {
  const clientID = resolveClient(world, command.client);
  const doc = world.replica(clientID, command.withState || command.base !== 'send');
  const messages = world.messages();
  const victimMessages = messages.filter((m) => m.author !== MALLORY.userId);
  const victim = victimMessages[command.pick % Math.max(victimMessages.length, 1)] ?? messages[command.pick % Math.max(messages.length, 1)];
  const ownMessages = messages.filter((m) => m.author === MALLORY.userId);
  const own = ownMessages[command.pick % Math.max(ownMessages.length, 1)];
  const victimUser = [...world.bindings.values()].filter((u) => u !== MALLORY.userId)[command.pick % 3] ?? 'ualice';
  const before = Y.encodeStateVector(doc);
  try {
    const onDoc = (id: string): Y.Map<unknown> | undefined => {
      const map = messagesMap(doc).get(id);
      return map instanceof Y.Map ? map : undefined;
    };
    switch (command.base) {
      case 'send':
        // With an attachment now and then, so the attachments field is there for mutations to replace.
        sendMessage(
          doc,
          { text: `${MARKER} ${command.pick}`, ...(command.pick % 2 === 0 && { attachments: [ATTACHMENT] }) },
          stampAt(doc, world.nextWall()),
        );
        break;
      case 'editVictim':
        if (victim) editMessage(doc, victim.id, `${MARKER} edit`, NOW, noLookup);
        break;
      case 'deleteVictim':
        if (victim) deleteMessage(doc, victim.id);
        break;
      case 'removeMessage':
        if (victim) messagesMap(doc).delete(victim.id);
        break;
      case 'reactAs':
        if (victim) addReaction(doc, victim.id, '👍', victimUser);
        break;
      case 'unreactAs': {
        const reactions = victim ? onDoc(victim.id)?.get(MessageField.reactions) : undefined;
        if (reactions instanceof Y.Map) reactions.forEach((_, key, map) => map.delete(key));
        break;
      }
      case 'setField': {
        const map = victim && onDoc(victim.id);
        const field = [MessageField.text, MessageField.deleted, MessageField.hlc, 'extra', MessageField.attachments][command.pick % 5]!;
        if (map) map.set(field, field === MessageField.attachments ? [{ ...ATTACHMENT, thumbhash: MARKER.repeat(20) }] : `${MARKER} field`);
        break;
      }
      case 'bindSelf':
        clientBindings(doc).set(String(MALLORY.clients[0]), victimUser);
        clientBindings(doc).set(String(5_000 + (command.pick % 3)), victimUser);
        break;
      case 'editOwn':
        if (own) editMessage(doc, own.id, `${MARKER} own edit ${'o'.repeat(command.pick)}`, NOW, noLookup);
        else sendMessage(doc, { text: `${MARKER} own` }, stampAt(doc, world.nextWall()));
        break;
    }
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
  }
  return Y.encodeStateAsUpdate(doc, before);
}

/** Applies the mutations to the decoded update and re-encodes it; undefined when it cannot be encoded. */
function mutate(world: World, update: Uint8Array, mutations: readonly Mutation[]): Uint8Array | undefined {
  const decoded = Y.decodeUpdate(update);
  const structs: Struct[] = [...decoded.structs];
  const ds = new Map<number, { clock: number; len: number }[]>();
  for (const [client, ranges] of decoded.ds.clients)
    ds.set(
      client,
      ranges.map((r) => ({ clock: r.clock, len: r.len })),
    );
  const extraGroups: Group[] = [];
  const relayItems = world.items();
  const pickItem = (index: number): Struct | undefined => {
    const items = structs.filter((s): s is Y.Item => s instanceof Y.Item);
    return items[index % Math.max(items.length, 1)];
  };
  const victimUser = [...world.bindings.values()].find((u) => u !== MALLORY.userId) ?? 'ualice';
  const targetId = (m: { target: 'item' | 'raw'; pick: number; client: ClientChoice; clock: ClockChoice }): Y.ID => {
    if (m.target === 'item' && relayItems.length > 0) {
      // Own update's items too, so a reference can also point inside the update.
      const pool: Y.ID[] = [...relayItems.map((i) => i.id), ...structs.map((s) => s.id)];
      return pool[m.pick % pool.length]!;
    }
    const client = resolveClient(world, m.client);
    return Y.createID(client, resolveClock(world, client, m.clock));
  };
  for (const m of mutations) {
    switch (m.kind) {
      case 'skip': {
        const client = resolveClient(world, m.client);
        structs.push(new Y.Skip(Y.createID(client, resolveClock(world, client, m.clock)), m.len));
        break;
      }
      case 'ref': {
        const item = pickItem(m.struct);
        if (!(item instanceof Y.Item)) break;
        const id = targetId(m);
        if (m.which === 'parent') {
          item.origin = null;
          item.rightOrigin = null;
          item.parent = id;
          item.parentSub = SUBS(victimUser)[m.sub % SUBS(victimUser).length]!;
        } else item[m.which] = id;
        break;
      }
      case 'client': {
        const item = pickItem(m.struct);
        if (!item) break;
        const client = resolveClient(world, m.client);
        item.id = Y.createID(client, m.clock.kind === 'known' ? item.id.clock : resolveClock(world, client, m.clock));
        break;
      }
      case 'content': {
        const item = pickItem(m.struct);
        if (!(item instanceof Y.Item)) break;
        item.content = makeContent(m.content);
        item.length = item.content.getLength();
        break;
      }
      case 'delete': {
        let range: { client: number; clock: number; len: number };
        if (m.target === 'item' && relayItems.length > 0) {
          const item = relayItems[m.pick % relayItems.length]!;
          range = { client: item.id.client, clock: item.id.clock, len: Math.min(m.len, item.length) };
        } else {
          const client = resolveClient(world, m.client);
          range = { client, clock: resolveClock(world, client, m.clock), len: m.len };
        }
        const list = ds.get(range.client) ?? [];
        list.push({ clock: range.clock, len: range.len });
        list.sort((a, b) => a.clock - b.clock);
        ds.set(range.client, list);
        break;
      }
      case 'duplicate': {
        const item = pickItem(m.struct);
        if (!(item instanceof Y.Item)) break;
        const parent =
          relayItems.length > 0
            ? relayItems[m.pick % relayItems.length]!.id
            : Y.createID(resolveClient(world, { kind: 'victim', pick: m.pick }), 0);
        const copy = new Y.Item(
          item.id,
          null,
          null,
          null,
          null,
          parent,
          SUBS(victimUser)[m.sub % SUBS(victimUser).length]!,
          makeContent(m.sub % 2 === 0 ? 'anyMarker' : 'typeMap'),
        );
        extraGroups.push({ client: copy.id.client, firstClock: copy.id.clock, structs: [copy] });
        break;
      }
    }
  }
  try {
    const groups = structs.length > 0 ? groupStructs(structs) : [];
    return encodeV1([...groups, ...extraGroups], ds);
  } catch {
    return undefined;
  }
}

function hostile(world: World, command: Extract<Command, { kind: 'hostile' }>): void {
  const update = mutate(world, hostileBase(world, command), command.mutations);
  if (update) world.submit(update, writerOf('mallory'));
}

// ---------- Invariants ----------

function fail(message: string): never {
  throw new Error(`Invariant: ${message}`);
}

/** Everything an honest reader of the relay's state sees, checked against the relay's bindings. */
function checkReader(world: World): void {
  const reader = new Y.Doc();
  Y.applyUpdate(reader, Y.encodeStateAsUpdate(world.relay));
  const { bindings } = world;
  const liveItems = (shared: Y.Map<unknown> | Y.AbstractType<unknown>): Y.Item[] => {
    const type = shared as unknown as Y.AbstractType<unknown>;
    const out: Y.Item[] = [];
    for (const item of type._map.values()) if (!item.deleted) out.push(item);
    for (let item = type._start; item; item = item.right) if (!item.deleted) out.push(item);
    return out;
  };
  const text = (item: Y.Item): string => {
    try {
      return item.content instanceof Y.ContentType ? '' : JSON.stringify(item.content.getContent());
    } catch {
      return '';
    }
  };

  // 0. Nothing accepted waits in the relay's document for content it lacks: a replica would get it
  // in every sync and send it back in its own resync.
  if (world.relay.store.pendingStructs || world.relay.store.pendingDs) fail('an accepted update is held back by Yjs in the relay document');

  // 3. The clients map: written only by unbound (relay) clientIDs, and it agrees with the relay's bindings.
  const clients = clientBindings(reader);
  for (const item of liveItems(clients)) {
    if (bindings.has(item.id.client))
      fail(`clients/${item.parentSub} written by client ${item.id.client} bound to ${bindings.get(item.id.client)}`);
  }
  for (const [client, user] of bindings)
    if (clients.get(String(client)) !== user)
      fail(`reader's binding of ${client} is ${String(clients.get(String(client)))}, relay's is ${user}`);
  for (const key of clients.keys()) if (!bindings.has(Number(key))) fail(`reader has binding ${key} the relay never made`);

  // 1. Every live item under a message was written by its author (reactions: their user; tombstone: a moderator too).
  const messages = messagesMap(reader);
  for (const item of liveItems(messages)) {
    const id = item.parentSub;
    if (id === null) fail(`a list item under messages by client ${item.id.client}`);
    const idClient = messageIdClient(id);
    const author = idClient === undefined ? undefined : bindings.get(idClient);
    if (author === undefined) fail(`message ${id} has no bound author`);
    if (bindings.get(item.id.client) !== author)
      fail(`message ${id} of ${author} created by client ${item.id.client} (${String(bindings.get(item.id.client))})`);
    if (!(item.content instanceof Y.ContentType) || !(item.content.type instanceof Y.Map))
      fail(`messages/${id} holds ${item.content.constructor.name}`);
    const map = item.content.type as Y.Map<unknown>;
    const under = (
      type: Y.Map<unknown> | Y.AbstractType<unknown>,
      owner: string,
      path: string,
      level: 'message' | 'reactions' | 'deeper',
    ): void => {
      for (const child of liveItems(type)) {
        const key = child.parentSub;
        const writer = bindings.get(child.id.client);
        const where = `${path}/${String(key)}`;
        let childOwner = owner;
        if (level === 'message' && key === MessageField.deleted && writer === USERS.mod.userId) childOwner = writer;
        if (level === 'reactions') {
          const reaction = key === null ? undefined : parseReactionKey(key);
          if (!reaction) fail(`${where}: not a reaction key (client ${child.id.client})`);
          childOwner = reaction.userId;
        }
        if (writer !== childOwner)
          fail(`${where} (owned by ${childOwner}) written by client ${child.id.client} bound to ${String(writer)}`);
        if (author !== MALLORY.userId && text(child).includes(MARKER)) fail(`${where}: mallory's text under ${author}'s message`);
        if (child.content instanceof Y.ContentType)
          under(
            child.content.type as Y.AbstractType<unknown>,
            childOwner,
            where,
            level === 'message' && key === MessageField.reactions ? 'reactions' : 'deeper',
          );
      }
    };
    under(map, author, `messages/${id}`, 'message');

    // 2. What the reader decodes stays within the model's limits.
    const stored = readMessage(id, map);
    if (codePointLength(stored.text) > MAX_TEXT_LENGTH) fail(`message ${id} text has ${codePointLength(stored.text)} code points`);
    const hlc = parseHlc(stored.hlc);
    if (!hlc) fail(`message ${id} of ${author} has clock ${JSON.stringify(stored.hlc)}`);
    if (hlc.wallMs > NOW + MAX_CLOCK_DRIFT_MS) fail(`message ${id} clock ${stored.hlc} is ahead of the relay`);
    if (stored.mentions.length > MAX_MENTIONS) fail(`message ${id} has ${stored.mentions.length} mentions`);
    try {
      if (stored.attachments.length > 0) checkAttachments(stored.attachments);
    } catch {
      fail(`message ${id} of ${author} has attachments the model would not write: ${JSON.stringify(stored.attachments)}`);
    }
    if (author !== MALLORY.userId && JSON.stringify(map.get(MessageField.attachments) ?? null).includes(MARKER))
      fail(`message ${id}: mallory's attachment under ${author}'s message`);
  }
  reader.destroy();
}

describe('authorizeUpdate, property', () => {
  it("R-AUTHZ-10: whatever a hostile member sends, honest ops are still allowed and every reader sees only what each message's author wrote, within the model's limits", () => {
    fc.assert(
      fc.property(fc.array(commandArb, { minLength: 1, maxLength: 14 }), (commands) => {
        const world = new World();
        for (const command of commands) {
          if (command.kind === 'hostile') hostile(world, command);
          else honest(world, command);
          checkReader(world);
        }
      }),
      {
        numRuns: Number(process.env.PROPERTY_RUNS ?? 200),
        seed: process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined,
      },
    );
    // Long runs (PROPERTY_RUNS=5000) outlast the default test timeout.
  }, 3_600_000);
});

describe('authorizeUpdate on heads, property', () => {
  const HEAD = parseDocName('c:k1')!;
  const userIds = Object.values(USERS).map((user) => user.userId);
  const positionArb = fc.record({
    userId: fc.constantFrom(...userIds),
    wallMs: fc.integer({ min: 0, max: NOW + 2 * MAX_CLOCK_DRIFT_MS }),
    at: fc.oneof(fc.integer(), fc.constant(Number.NaN)),
    asText: fc.boolean(),
  });

  it('R-AUTHZ-11: whatever read positions a member writes into a head (theirs or anyone else, forward or back), the relay refuses it and its stored positions stay as the relay wrote them', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HONEST), fc.array(positionArb, { minLength: 1, maxLength: 4 }), (name, positions) => {
        const relay = new Y.Doc();
        const server = new Y.Doc();
        advanceReadPositions(server, new Map([[USERS.alice.userId, formatHlc({ wallMs: NOW, counter: 0, node: 'r' })]]), NOW);
        Y.applyUpdate(relay, Y.encodeStateAsUpdate(server));
        const storedBefore = readPositions(relay);
        const client = new Y.Doc();
        client.clientID = USERS[name].clients[0]!;
        Y.applyUpdate(client, Y.encodeStateAsUpdate(relay));
        const before = Y.encodeStateVector(client);
        for (const { userId, wallMs, at, asText } of positions) {
          const hlc = formatHlc({ wallMs, counter: 0, node: 'x' });
          client.getMap(READS_KEY).set(userId, asText ? hlc : { hlc, at });
        }
        const result = authorizeUpdate({
          doc: relay,
          docName: HEAD,
          update: Y.decodeUpdate(Y.encodeStateAsUpdate(client, before)),
          writer: writerOf(name),
          bindings: new Map([[server.clientID, '@relay']]),
          nowMs: NOW,
        });
        if (result.ok) throw new Error(`a head write by ${name} was accepted`);
        if (JSON.stringify([...readPositions(relay)]) !== JSON.stringify([...storedBefore])) throw new Error('the relay head changed');
      }),
      {
        numRuns: Number(process.env.PROPERTY_RUNS ?? 200),
        seed: process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined,
      },
    );
  });
});
