// The files chosen for the next message, before it is sent: each is looked at at once (size,
// ThumbHash, a video's poster) so that sending does not wait, and can be removed again.
import { MAX_ATTACHMENTS } from '#model/validation.ts';
import { attachmentName, kindOfType, attachmentMime } from './kinds.ts';
import { objectUrl } from './local-media.svelte.ts';
import { probe, type Probe } from './probe.ts';
import type { AttachmentKind } from '#model/schema.ts';

export interface Chosen {
  key: string;
  file: File;
  kind: AttachmentKind;
  name: string;
  /** An image itself, or a video's poster frame once found. */
  preview: string | undefined;
  probe: Promise<Probe>;
}

let counter = 0;

export class AttachmentDraft {
  items = $state.raw<Chosen[]>([]);
  /** Why some files were not added. */
  notice = $state<string | null>(null);

  get count(): number {
    return this.items.length;
  }

  add(files: Iterable<File>): void {
    const chosen = [...files];
    if (chosen.length === 0) return;
    // The uploader is needed now; fetching it while the user writes keeps send instant.
    void import('tus-js-client').catch(() => {});
    const room = MAX_ATTACHMENTS - this.items.length;
    this.notice = chosen.length > room ? `A message holds at most ${MAX_ATTACHMENTS} files.` : null;
    const added = chosen.slice(0, Math.max(0, room)).map((file) => this.#choose(file));
    this.items = [...this.items, ...added];
  }

  remove(key: string): void {
    this.items = this.items.filter((item) => item.key !== key);
    this.notice = null;
  }

  /** The files with what was found out about them, and an empty draft. */
  async take(): Promise<{ file: File; probe: Probe }[]> {
    const items = this.items;
    this.items = [];
    this.notice = null;
    return Promise.all(items.map(async (item) => ({ file: item.file, probe: await item.probe })));
  }

  #choose(file: File): Chosen {
    const key = `chosen-${(counter += 1)}`;
    const kind = kindOfType(attachmentMime(file.type));
    const probed = probe(file);
    const item: Chosen = {
      key,
      file,
      kind,
      name: attachmentName(file.name),
      preview: kind === 'image' ? objectUrl(file) : undefined,
      probe: probed,
    };
    void probed.then((found) => {
      const poster = found.poster ? objectUrl(found.poster) : undefined;
      // An image the browser cannot decode goes as a file, and shows as one.
      if (found.kind === item.kind && !poster) return;
      this.items = this.items.map((candidate) =>
        candidate.key === key
          ? { ...candidate, kind: found.kind, preview: found.kind === 'file' ? undefined : (poster ?? candidate.preview) }
          : candidate,
      );
    });
    return item;
  }
}
