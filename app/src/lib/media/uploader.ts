// One file to the relay's tus endpoint with tus-js-client, loaded only when someone attaches (it
// stays out of the first paint). Each request carries a fresh access token; the relay's media id
// is the last part of the upload URL it answers with, known before any byte is sent.
import { UPLOADS_PATH } from '#protocol/http/media.ts';

export interface UploadRequest {
  conversationId: string;
  filename: string;
  filetype: string;
  /** An upload created earlier: resumed from what the relay has. */
  uploadUrl: string | null;
  /** Whether a new upload may be created when `uploadUrl` is gone (not once a message names its id). */
  mayCreate: boolean;
  getToken: (rejected?: string) => Promise<string>;
}

export interface UploadListener {
  created(mediaId: string, uploadUrl: string): void;
  progress(sent: number, total: number): void;
  done(): void;
  /** The network is gone; start again (with the upload URL) when it is back. */
  offline(): void;
  failed(message: string): void;
}

export interface RunningUpload {
  /** Stops sending; `terminate` also asks the relay to drop what it has. */
  abort(terminate: boolean): Promise<void>;
}

/** Bytes per PATCH: a cut connection loses at most this much, and proxies see bounded bodies. */
const CHUNK_BYTES = 8 * 1024 * 1024;
const RETRY_DELAYS = [0, 1000, 3000, 6000];

export const mediaIdOf = (uploadUrl: string): string => uploadUrl.split('?')[0]?.split('/').pop() ?? '';

export async function startUpload(file: Blob, request: UploadRequest, listener: UploadListener): Promise<RunningUpload> {
  const { Upload } = await import('tus-js-client');
  let token: string | undefined;
  let rejected: string | undefined;
  let announced = request.uploadUrl;
  const upload = new Upload(file, {
    endpoint: request.mayCreate ? new URL(UPLOADS_PATH, location.origin).href : null,
    uploadUrl: request.uploadUrl,
    metadata: { conversationId: request.conversationId, filename: request.filename, filetype: request.filetype },
    chunkSize: CHUNK_BYTES,
    retryDelays: RETRY_DELAYS,
    // The outbox keeps the upload URL with the file in IndexedDB; tus' localStorage copy would only leak.
    storeFingerprintForResuming: false,
    async onBeforeRequest(req) {
      token = await request.getToken(rejected);
      rejected = undefined;
      req.setHeader('Authorization', `Bearer ${token}`);
    },
    onShouldRetry(error, attempt) {
      const status = error.originalResponse?.getStatus() ?? 0;
      if (status === 401 && attempt === 0) {
        rejected = token;
        return true;
      }
      if (status === 0) return navigator.onLine;
      return status >= 500 || status === 409 || status === 423;
    },
    onUploadUrlAvailable() {
      const url = upload.url;
      if (!url || url === announced) return;
      announced = url;
      listener.created(mediaIdOf(url), url);
    },
    onProgress: (sent, total) => listener.progress(sent, total),
    onSuccess: () => listener.done(),
    onError(error) {
      const response = 'originalResponse' in error ? error.originalResponse : null;
      if (!response || response.getStatus() === 0) {
        listener.offline();
        return;
      }
      listener.failed(refusalMessage(response.getStatus(), response.getBody()));
    },
  });
  upload.start();
  return { abort: (terminate) => upload.abort(terminate).catch(() => {}) };
}

/** The relay's `{ error, message }`, or a sentence for a status without one. */
function refusalMessage(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string' && parsed.message) return parsed.message;
  } catch {
    // Not the relay's JSON (a proxy's page): say the status.
  }
  if (status === 404) return 'The upload is gone from the server';
  if (status === 413) return 'The file is too large';
  return `The server refused the upload (${status})`;
}
