// One JSON request to the relay's /api. Errors arrive as `{ error, message }` and become ApiError.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Set on 429s: how long to wait before trying again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** True when the request never reached the relay (offline, DNS, connection refused). */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

/** The text to show for a failure of any kind. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  token?: string;
  fetch?: typeof fetch;
}

export async function apiRequest<T>(path: string, { method = 'GET', body, token, fetch: doFetch = fetch }: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await doFetch(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', 'Parley cannot reach the server. Check your connection and try again.');
  }
  const text = await response.text();
  const json = text ? (parseJson(text) as Record<string, unknown> | undefined) : undefined;
  if (!response.ok) {
    const code = typeof json?.error === 'string' ? json.error : 'internal';
    const message = typeof json?.message === 'string' ? json.message : `The server answered ${response.status}.`;
    const retry = typeof json?.retryAfterSeconds === 'number' ? json.retryAfterSeconds : undefined;
    throw new ApiError(response.status, code, message, retry);
  }
  return json as T;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
