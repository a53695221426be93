// The attachments of one conversation on their way: each message is kept (files included) in
// IndexedDB from the moment send is pressed, shown at once as a pending message, uploaded when
// there is a network (resuming from the relay's upload URL after a reload or a cut), written to
// the conversation once the relay has created all its uploads, and forgotten when every upload is
// over. One outbox per conversation for the life of the tab, so uploads go on while the user
// reads another conversation; the message itself waits for the conversation to be open.
import type { Attachment, Draft } from '#model/index.ts';
import type { ViewMessage } from '../chat/view-messages.ts';
import type { BackgroundWriter, MessageWriter } from './background-writer.ts';
import { markCancelled } from './cancelled-uploads.ts';
import { localMedia, objectUrl } from './local-media.svelte.ts';
import { OutboxStore } from './outbox-store.ts';
import type { Probe } from './probe.ts';
import {
  apply,
  attachmentsToWrite,
  cancel,
  CANCELLED,
  interrupted,
  newUpload,
  progressOf,
  readyToWrite,
  settled,
  toStart,
  uploadsOf,
  type QueuedAttachment,
  type QueuedMessage,
  type QueuedUpload,
  type UploadEvent,
} from './upload-queue.ts';
import { startUpload, type RunningUpload } from './uploader.ts';

export type { MessageWriter } from './background-writer.ts';

/** How long to wait before trying again when the relay cannot be reached though the browser is online. */
const RETRY_MS = [2000, 5000, 10_000, 30_000];
/** A conversation opened only to write a message stays open this long after, for the relay to take it. */
const BACKGROUND_GRACE_MS = 15_000;

const outboxes = new Map<string, MediaOutbox>();

export function outboxFor(conversationId: string, userId: string, getToken: (rejected?: string) => Promise<string>): MediaOutbox {
  const key = `${userId}:${conversationId}`;
  let outbox = outboxes.get(key);
  if (!outbox) {
    outbox = new MediaOutbox(conversationId, userId, OutboxStore.forUser(userId), getToken);
    outboxes.set(key, outbox);
  }
  return outbox;
}

let persistAsked = false;

export class MediaOutbox {
  messages = $state.raw<QueuedMessage[]>([]);

  readonly #running = new Map<string, RunningUpload | 'starting'>();
  readonly #writing = new Set<string>();
  #writer: MessageWriter | null = null;
  /** The conversation opened without a screen to write with, while no screen has it open. */
  #background: Promise<BackgroundWriter | null> | null = null;
  #backgroundTimer: ReturnType<typeof setTimeout> | undefined;
  #loaded: Promise<void> | null = null;
  #retries = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly conversationId: string,
    readonly userId: string,
    readonly store: OutboxStore,
    readonly getToken: (rejected?: string) => Promise<string>,
  ) {
    if (typeof window !== 'undefined') window.addEventListener('online', () => this.#pump());
  }

  /** Messages not yet written, as the message list shows them. */
  readonly pending = $derived.by((): ViewMessage[] =>
    this.messages.filter((message) => message.messageId === null).map((message) => this.#view(message)),
  );

  /** The conversation is open: messages whose uploads exist are written. */
  attach(writer: MessageWriter): Promise<void> {
    this.#writer = writer;
    this.#closeBackground();
    return this.load();
  }

  /** Reads back what an earlier session left queued, and goes on with it. */
  load(): Promise<void> {
    this.#loaded ??= this.store
      .of(this.conversationId)
      .then((held) => {
        const known = new Set(this.messages.map((message) => message.key));
        this.messages = [...this.messages, ...held.filter((message) => !known.has(message.key)).map(interrupted)];
        for (const message of this.messages) this.#publish(message);
      })
      .catch(() => {});
    return this.#loaded.then(() => this.#pump());
  }

  detach(writer: MessageWriter): void {
    if (this.#writer !== writer) return;
    this.#writer = null;
    this.#pump();
  }

  /** Send was pressed at clock `hlc`: the message is kept with its files and goes as soon as it can. */
  async queue(hlc: string, draft: Draft, files: readonly { file: File; probe: Probe }[]): Promise<void> {
    const key = randomKey();
    const message: QueuedMessage = {
      key,
      conversationId: this.conversationId,
      hlc,
      draft: { text: draft.text, mentions: draft.mentions ?? [], ...(draft.replyTo ? { replyTo: draft.replyTo } : {}) },
      attachments: files.map(({ file, probe }, index) => queuedAttachment(`${key}-${index}`, file, probe)),
      messageId: null,
    };
    this.#set(message);
    askToPersist();
    await this.store.put(message).catch(() => {});
    this.#pump();
  }

  /** The user cancelled attachment `key` of message `messageKey`. */
  cancel(messageKey: string, key: string): void {
    const message = this.#find(messageKey);
    if (!message) return;
    const attachment = message.attachments.find((candidate) => candidate.key === key);
    for (const upload of attachment ? [attachment.upload, ...(attachment.poster ? [attachment.poster.upload] : [])] : []) {
      const running = this.#running.get(upload.key);
      this.#running.delete(upload.key);
      // Before the message names it the relay may drop it; after, the id stays named (and fails).
      if (running && running !== 'starting') void running.abort(true);
    }
    const next = cancel(message, key);
    if (attachment && message.messageId !== null) {
      const ids = [attachment.upload, attachment.poster?.upload]
        .filter((upload) => upload && upload.phase !== 'done')
        .map((upload) => upload?.mediaId);
      markCancelled(ids.filter((id): id is string => Boolean(id)));
    }
    if (next === null) this.#drop(messageKey);
    else this.#set(next);
    if (attachment) localMedia.delete(attachment.key);
    this.#pump();
  }

  /** Drops a message not yet written, with all its uploads. */
  discard(messageKey: string): void {
    const message = this.#find(messageKey);
    if (!message || message.messageId !== null) return;
    for (const upload of uploadsOf(message)) {
      const running = this.#running.get(upload.key);
      this.#running.delete(upload.key);
      if (running && running !== 'starting') void running.abort(true);
    }
    this.#drop(messageKey);
  }

  /** The message `local-<key>` of the message list, when it is one of these. */
  keyOfView(id: string): string | undefined {
    return id.startsWith(LOCAL_PREFIX) ? id.slice(LOCAL_PREFIX.length) : undefined;
  }

  #find(key: string): QueuedMessage | undefined {
    return this.messages.find((message) => message.key === key);
  }

  #set(message: QueuedMessage, persist = false): void {
    const at = this.messages.findIndex((candidate) => candidate.key === message.key);
    if (at === -1) this.messages = [...this.messages, message];
    else {
      const next = [...this.messages];
      next[at] = message;
      this.messages = next;
    }
    this.#publish(message);
    if (persist) void this.store.put(message).catch(() => {});
  }

  #drop(key: string): void {
    const message = this.#find(key);
    this.messages = this.messages.filter((candidate) => candidate.key !== key);
    void this.store.delete(key).catch(() => {});
    if (message?.messageId === null) for (const attachment of message.attachments) localMedia.delete(attachment.key);
  }

  #event(messageKey: string, uploadKey: string, event: UploadEvent): void {
    const message = this.#find(messageKey);
    if (!message) return;
    const next = apply(message, uploadKey, event);
    if (next === message) return;
    // Progress is only shown; anything else is kept, so a reload knows the upload URL and phase.
    this.#set(next, event.type !== 'progress');
    if (event.type === 'done' || event.type === 'failed' || event.type === 'offline') this.#running.delete(uploadKey);
    if (event.type === 'offline') this.#retryLater();
    if (event.type === 'done') this.#retries = 0;
    this.#pump();
  }

  #pump(): void {
    for (const message of this.messages) {
      if (settled(message)) {
        this.#drop(message.key);
        continue;
      }
      if (typeof navigator === 'undefined' || navigator.onLine) for (const upload of toStart(message)) this.#start(message, upload);
      if (readyToWrite(message)) void this.#write(message);
    }
  }

  #start(message: QueuedMessage, upload: QueuedUpload): void {
    if (this.#running.has(upload.key)) return;
    const attachment = message.attachments.find(
      (candidate) => candidate.upload.key === upload.key || candidate.poster?.upload.key === upload.key,
    );
    if (!attachment) return;
    const poster = attachment.upload.key !== upload.key;
    const file = poster ? attachment.poster!.blob : attachment.file;
    this.#running.set(upload.key, 'starting');
    this.#event(message.key, upload.key, { type: 'creating' });
    const on = (event: UploadEvent) => this.#event(message.key, upload.key, event);
    void startUpload(
      file,
      {
        conversationId: this.conversationId,
        filename: poster ? `${attachment.name}.poster.jpg` : attachment.name,
        filetype: poster ? 'image/jpeg' : attachment.mime,
        uploadUrl: upload.uploadUrl,
        // Once a message names the media id, a new upload would be another id: it fails instead.
        mayCreate: message.messageId === null,
        getToken: this.getToken,
      },
      {
        created: (mediaId, uploadUrl) => on({ type: 'created', mediaId, uploadUrl }),
        progress: (sent, total) => on({ type: 'progress', sent, total }),
        done: () => on({ type: 'done' }),
        offline: () => on({ type: 'offline' }),
        failed: (error) => on({ type: 'failed', error }),
      },
    ).then(
      (running) => {
        // Cancelled while tus-js-client was loading.
        if (this.#running.get(upload.key) === 'starting') this.#running.set(upload.key, running);
        else void running.abort(true);
      },
      () => on({ type: 'offline' }),
    );
  }

  async #write(message: QueuedMessage): Promise<void> {
    if (this.#writing.has(message.key)) return;
    const writer = this.#writer ?? (await this.#backgroundWriter());
    if (!writer || this.#writing.has(message.key)) return;
    this.#writing.add(message.key);
    try {
      const attachments = attachmentsToWrite(message);
      const ids = attachments.map((attachment) => attachment.id);
      const id = writer.holding(ids) ?? (await writer.write({ ...message.draft, attachments }, message.hlc));
      const current = this.#find(message.key);
      if (!current) return;
      const written = { ...current, messageId: id };
      // The local pictures and progress follow the attachments to their media ids.
      for (const attachment of written.attachments) localMedia.delete(attachment.key);
      this.#set(written, true);
      this.#pump();
      if (writer !== this.#writer) this.#closeBackgroundLater();
    } catch {
      // Not written (the conversation closed, a refusal): it stays queued and is tried again.
    } finally {
      this.#writing.delete(message.key);
    }
  }

  #backgroundWriter(): Promise<BackgroundWriter | null> {
    clearTimeout(this.#backgroundTimer);
    this.#background ??= import('./background-writer.ts')
      .then(({ openBackgroundWriter }) => openBackgroundWriter(this.conversationId, this.userId, this.getToken))
      .catch(() => {
        this.#background = null;
        return null;
      });
    return this.#background;
  }

  #closeBackgroundLater(): void {
    clearTimeout(this.#backgroundTimer);
    this.#backgroundTimer = setTimeout(() => this.#closeBackground(), BACKGROUND_GRACE_MS);
  }

  #closeBackground(): void {
    clearTimeout(this.#backgroundTimer);
    const background = this.#background;
    this.#background = null;
    void background?.then((writer) => writer?.close());
  }

  #retryLater(): void {
    if (this.#retryTimer !== undefined || (typeof navigator !== 'undefined' && !navigator.onLine)) return;
    const delay = RETRY_MS[Math.min(this.#retries, RETRY_MS.length - 1)]!;
    this.#retries += 1;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#pump();
    }, delay);
  }

  /** Tells the messages how far each attachment is, by its local key and, once known, its media id. */
  #publish(message: QueuedMessage): void {
    for (const attachment of message.attachments) {
      const entry = {
        url: objectUrl(attachment.file),
        ...(attachment.poster && { posterUrl: objectUrl(attachment.poster.blob) }),
        phase: phaseOf(attachment),
        progress: progressOf(attachment),
        error: attachment.upload.error,
        cancel: () => this.cancel(message.key, attachment.key),
      };
      const id = message.messageId === null ? attachment.key : attachment.upload.mediaId;
      if (id) localMedia.set(id, entry);
    }
  }

  #view(message: QueuedMessage): ViewMessage {
    return {
      id: `${LOCAL_PREFIX}${message.key}`,
      hlc: message.hlc,
      author: this.userId,
      text: message.draft.text,
      replyTo: message.draft.replyTo ?? null,
      mentions: message.draft.mentions,
      attachments: message.attachments.map((attachment) => localAttachment(attachment)),
      reactions: [],
      edited: false,
      editedAt: null,
      deleted: false,
      mine: true,
      status: 'pending',
    };
  }
}

const LOCAL_PREFIX = 'local-';

function phaseOf(attachment: QueuedAttachment): QueuedUpload['phase'] {
  const { upload, poster } = attachment;
  if (upload.phase !== 'done' || !poster) return upload.phase;
  return poster.upload.phase === 'failed' ? 'done' : poster.upload.phase === 'done' ? 'done' : 'uploading';
}

function localAttachment(attachment: QueuedAttachment): Attachment {
  const { key, kind, name, size, mime } = attachment;
  return { id: key, kind, name, size, mime, ...layoutOf(attachment) };
}

/** What keeps an attachment's layout still (size, placeholder, duration), where it is known. */
function layoutOf({ width, height, thumbhash, durationMs }: Pick<Probe, 'width' | 'height' | 'thumbhash' | 'durationMs'>) {
  return { ...(width && height && { width, height }), ...(thumbhash && { thumbhash }), ...(durationMs !== undefined && { durationMs }) };
}

function queuedAttachment(key: string, file: File, probe: Probe): QueuedAttachment {
  const { kind, name, mime, size, poster } = probe;
  return {
    key,
    kind,
    name,
    size,
    mime,
    ...layoutOf(probe),
    file,
    upload: newUpload(key, size),
    ...(poster && { poster: { blob: poster, upload: newUpload(`${key}:poster`, poster.size) } }),
  };
}

function randomKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Browsers may evict IndexedDB (and the files in it) under pressure unless the site asks to be kept. */
function askToPersist(): void {
  if (persistAsked) return;
  persistAsked = true;
  void navigator.storage?.persist?.().catch(() => false);
}

export { CANCELLED };
