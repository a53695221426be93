// Uploads through the relay's real tus endpoint with the stock tus-js-client (Node build).
import * as tus from 'tus-js-client';
import type { TestUser } from './api.ts';
import type { TestRelay } from './relay.ts';

export interface UploadResult {
  /** The media id (the last part of the upload URL). */
  id: string;
  url: string;
  /** The relay's answer to the last PATCH: the media item's state, once the last byte is in. */
  finished: Record<string, unknown> | undefined;
}

export interface UploadOptions {
  conversationId: string;
  filename: string;
  filetype?: string;
  /** Bytes per PATCH (everything at once by default). */
  chunkSize?: number;
  /** An earlier upload to resume. */
  uploadUrl?: string;
  /** Called after each chunk the relay stored; return true to abort there. */
  stopAfter?: (uploaded: number) => boolean;
}

/** Uploads `data` as `user`; rejects with the relay's status and body when it refuses. */
export function upload(relay: Pick<TestRelay, 'httpUrl'>, user: TestUser, data: Buffer, options: UploadOptions): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    let finished: Record<string, unknown> | undefined;
    const job: tus.Upload = new tus.Upload(data, {
      endpoint: `${relay.httpUrl}/api/media/uploads`,
      headers: { Authorization: `Bearer ${user.accessToken}` },
      metadata: {
        conversationId: options.conversationId,
        filename: options.filename,
        filetype: options.filetype ?? 'application/octet-stream',
      },
      chunkSize: options.chunkSize ?? Infinity,
      retryDelays: [],
      ...(options.uploadUrl ? { uploadUrl: options.uploadUrl } : {}),
      onChunkComplete: (_size, uploaded) => {
        if (options.stopAfter?.(uploaded)) {
          void job.abort().then(() => resolve({ id: idOf(job.url), url: job.url ?? '', finished: undefined }));
        }
      },
      onAfterResponse: (_request, response) => {
        const body = response.getBody();
        if (response.getStatus() === 200 && body) finished = JSON.parse(body) as Record<string, unknown>;
      },
      onSuccess: () => resolve({ id: idOf(job.url), url: job.url ?? '', finished }),
      onError: (error) => {
        const detailed = error as tus.DetailedError;
        const response = detailed.originalResponse;
        reject(Object.assign(new Error(error.message), { status: response?.getStatus(), body: response?.getBody() }));
      },
    });
    job.start();
  });
}

const idOf = (url: string | null): string => url?.split('/').pop() ?? '';
