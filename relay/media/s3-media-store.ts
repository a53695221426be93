// The media store on any S3-compatible service (AWS S3, MinIO, Garage, R2…), so several relays
// share one. Each variant is one object under `<prefix><mediaId>/<variant>`.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { MediaStore } from './media-store.ts';
import { VARIANTS, type Variant } from '../../protocol/http/media.ts';

export interface S3StoreOptions {
  bucket: string;
  /** Omit for AWS; e.g. http://minio:9000 otherwise. */
  endpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (`endpoint/bucket/key`), which most self-hosted S3 servers need. */
  forcePathStyle: boolean;
  prefix?: string;
}

export class S3MediaStore implements MediaStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(options: S3StoreOptions) {
    this.#client = new S3Client({
      region: options.region,
      ...(options.endpoint && { endpoint: options.endpoint }),
      forcePathStyle: options.forcePathStyle,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      // Checksums only where S3 requires them: the SDK's default trailing checksums (2025) are
      // refused by many S3-compatible servers, and the relay keeps each file's sha256 itself.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    this.#bucket = options.bucket;
    this.#prefix = options.prefix ?? '';
  }

  async putFile(id: string, variant: Variant, path: string): Promise<void> {
    const { size } = await stat(path);
    await this.#client.send(
      new PutObjectCommand({ Bucket: this.#bucket, Key: this.#key(id, variant), Body: createReadStream(path), ContentLength: size }),
    );
  }

  async put(id: string, variant: Variant, data: Uint8Array): Promise<void> {
    await this.#client.send(new PutObjectCommand({ Bucket: this.#bucket, Key: this.#key(id, variant), Body: data }));
  }

  async size(id: string, variant: Variant): Promise<number | null> {
    try {
      const head = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#key(id, variant) }));
      return head.ContentLength ?? null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  read(id: string, variant: Variant, range?: { start: number; end: number }): Readable {
    // The reply starts streaming before S3 answered; a failure ends the stream with it.
    const out = new PassThrough();
    const command = new GetObjectCommand({
      Bucket: this.#bucket,
      Key: this.#key(id, variant),
      ...(range && { Range: `bytes=${range.start}-${range.end}` }),
    });
    this.#client.send(command).then(
      (object) => (object.Body as Readable).on('error', (error) => out.destroy(error)).pipe(out),
      (error: unknown) => out.destroy(error as Error),
    );
    return out;
  }

  async readAll(id: string, variant: Variant): Promise<Buffer> {
    const object = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: this.#key(id, variant) }));
    return Buffer.from(await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
  }

  async remove(id: string): Promise<void> {
    // The variants are known: deleted one by one (deleting a key that is not there succeeds),
    // which every S3-compatible server supports, unlike listing by prefix or batch deletes.
    await Promise.all(
      VARIANTS.map((variant) => this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#key(id, variant) }))),
    );
  }

  #key(id: string, variant: Variant): string {
    return `${this.#prefix}${id}/${variant}`;
  }
}

function isMissing(error: unknown): boolean {
  return (
    error instanceof NotFound ||
    error instanceof NoSuchKey ||
    (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404
  );
}
