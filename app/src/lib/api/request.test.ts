import { describe, expect, it } from 'vitest';
import { routes } from '#protocol/http/routes.ts';
import { ApiError, apiRequest, INVALID_RESPONSE } from './request.ts';

/** A fetch that answers every request with `status` and `body` (a string is sent as it is). */
const answering =
  (status: number, body: unknown): typeof fetch =>
  async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const failure = (request: Promise<unknown>): Promise<ApiError> =>
  request.then(
    () => Promise.reject(new Error('expected the request to fail')),
    (error: unknown) => (error instanceof ApiError ? error : Promise.reject(error)),
  );

const summary = {
  id: 'k0123456789abcdef',
  kind: 'group',
  name: 'Book club',
  topic: '',
  visibility: 'public',
  role: 'admin',
  memberCount: 1,
  createdAt: '2030-01-02T03:04:05.000Z',
  otherUser: null,
};

describe('apiRequest', () => {
  it('returns the answer as its schema reads it: times become Dates', async () => {
    const conversation = await apiRequest('/conversations', routes.createGroup.response, { fetch: answering(201, summary) });
    expect(conversation.createdAt).toEqual(new Date('2030-01-02T03:04:05.000Z'));
    expect(conversation.name).toBe('Book club');
  });

  it('an answer that does not match its schema is an invalid_response ApiError, not data', async () => {
    const error = await failure(
      apiRequest('/conversations', routes.createGroup.response, { fetch: answering(201, { ...summary, role: 'owner' }) }),
    );
    expect([error.status, error.code]).toEqual([201, INVALID_RESPONSE]);
    expect(error.message).toMatch(/cannot read/);
    expect((await failure(apiRequest('/me', routes.me.response, { fetch: answering(200, '<html>proxy</html>') }))).code).toBe(
      INVALID_RESPONSE,
    );
  });

  it('a 204 reads as no answer', async () => {
    expect(
      await apiRequest('/conversations/k0123456789abcdef/leave', routes.leave.response, {
        fetch: async () => new Response(null, { status: 204 }),
      }),
    ).toBeUndefined();
  });

  it("turns the relay's error body into an ApiError with its code, message and wait", async () => {
    const error = await failure(
      apiRequest('/auth/login', routes.signIn.response, {
        fetch: answering(429, { error: 'too_many_attempts', message: 'Wait', retryAfterSeconds: 4 }),
      }),
    );
    expect([error.status, error.code, error.message, error.retryAfterSeconds]).toEqual([429, 'too_many_attempts', 'Wait', 4]);
  });

  it('an error without the error body says what the server answered', async () => {
    const error = await failure(apiRequest('/me', routes.me.response, { fetch: answering(502, '<html>Bad gateway</html>') }));
    expect([error.status, error.code, error.message]).toEqual([502, 'internal', 'The server answered 502.']);
  });

  it('a request that never reached the relay is a network error', async () => {
    const error = await failure(apiRequest('/me', routes.me.response, { fetch: () => Promise.reject(new TypeError('Failed to fetch')) }));
    expect(error.isNetwork).toBe(true);
  });
});
