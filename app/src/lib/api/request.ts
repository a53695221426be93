// One JSON request to the relay's /api, its answer parsed with the schema the caller expects.
// Errors arrive as `{ error, message }` and become ApiError, and so does an answer that does not
// match its schema.
import type { z } from 'zod';
import { errorBody } from '#protocol/http/routes.ts';

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

/** The code of an answer that does not match the contract (a relay of another version, a proxy's page). */
export const INVALID_RESPONSE = 'invalid_response';

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

export async function apiRequest<S extends z.ZodType>(
  path: string,
  answer: S,
  { method = 'GET', body, token, fetch: doFetch = fetch }: RequestOptions = {},
): Promise<z.output<S>> {
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
  const json = text ? parseJson(text) : undefined;
  if (!response.ok) {
    const failure = errorBody.safeParse(json);
    if (!failure.success) throw new ApiError(response.status, 'internal', `The server answered ${response.status}.`);
    throw new ApiError(response.status, failure.data.error, failure.data.message, failure.data.retryAfterSeconds);
  }
  const parsed = answer.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(response.status, INVALID_RESPONSE, 'The server sent an answer Parley cannot read. Reload the page and try again.');
  }
  return parsed.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
