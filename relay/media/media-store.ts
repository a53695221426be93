// Where media bytes live, behind one interface: the local disk under DATA_DIR by default. Each
// media item is a folder of its variants; writes go to a temporary name first, so a crash never
// leaves half a file under a variant's name.
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile, readFile, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Variant } from './media-types.ts';

export interface MediaStore {
  /** Stores the file at `path` (a finished upload) as `variant`. */
  putFile(id: string, variant: Variant, path: string): Promise<void>;
  put(id: string, variant: Variant, data: Uint8Array): Promise<void>;
  /** The variant's size in bytes, or null when it is not stored. */
  size(id: string, variant: Variant): Promise<number | null>;
  /** The variant's bytes from `start` to `end` inclusive (all of them without a range). */
  read(id: string, variant: Variant, range?: { start: number; end: number }): Readable;
  readAll(id: string, variant: Variant): Promise<Buffer>;
  /** Removes every variant of the media item; nothing stored is fine. */
  remove(id: string): Promise<void>;
}

export class DiskMediaStore implements MediaStore {
  constructor(private readonly directory: string) {}

  async putFile(id: string, variant: Variant, path: string): Promise<void> {
    const target = await this.#prepare(id, variant);
    await copyFile(path, `${target}.partial`);
    await rename(`${target}.partial`, target);
  }

  async put(id: string, variant: Variant, data: Uint8Array): Promise<void> {
    const target = await this.#prepare(id, variant);
    await writeFile(`${target}.partial`, data);
    await rename(`${target}.partial`, target);
  }

  async size(id: string, variant: Variant): Promise<number | null> {
    try {
      return (await stat(this.#path(id, variant))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  read(id: string, variant: Variant, range?: { start: number; end: number }): Readable {
    return createReadStream(this.#path(id, variant), range);
  }

  readAll(id: string, variant: Variant): Promise<Buffer> {
    return readFile(this.#path(id, variant));
  }

  async remove(id: string): Promise<void> {
    await rm(join(this.directory, id), { recursive: true, force: true });
  }

  async #prepare(id: string, variant: Variant): Promise<string> {
    await mkdir(join(this.directory, id), { recursive: true });
    return this.#path(id, variant);
  }

  #path(id: string, variant: Variant): string {
    return join(this.directory, id, variant);
  }
}
