// The relay's /api as one function per route the app uses (protocol/http/routes.ts): typed input,
// the path filled in, and the answer parsed with the route's schema before the app reads it.
import type { z } from 'zod';
import type { Role } from '#model/roles.ts';
import type { Credentials } from '#protocol/http/accounts.ts';
import type { GroupInput, GroupSettings } from '#protocol/http/conversations.ts';
import type { Variant } from '#protocol/http/media.ts';
import { routes, type ApiRoute } from '#protocol/http/routes.ts';

export interface SendOptions {
  method: ApiRoute['method'];
  body?: unknown;
  /** Whether the route needs the access token. */
  authorized: boolean;
}

/** Sends one request to `/api${path}` and parses the answer with `answer`. */
export type Send = <S extends z.ZodType>(path: string, answer: S, options: SendOptions) => Promise<z.output<S>>;

interface Input {
  params?: Record<string, string>;
  body?: unknown;
  query?: Record<string, string | number>;
}

export type ApiClient = ReturnType<typeof createApiClient>;

export function createApiClient(send: Send) {
  const call = <R extends ApiRoute>(route: R, { params = {}, body, query }: Input = {}): Promise<z.output<R['response']>> => {
    const path = route.path.replace(/:(\w+)/g, (_placeholder, key: string) => encodeURIComponent(params[key] ?? ''));
    const search = query ? `?${new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]))}` : '';
    return send<R['response']>(`${path}${search}`, route.response, { method: route.method, body, authorized: route.auth });
  };

  return {
    register: (credentials: Credentials) => call(routes.register, { body: credentials }),
    signIn: (credentials: Credentials) => call(routes.signIn, { body: credentials }),
    refresh: (refreshToken: string) => call(routes.refresh, { body: { refreshToken } }),
    signOut: (refreshToken: string) => call(routes.signOut, { body: { refreshToken } }),
    changePassword: (currentPassword: string, newPassword: string) =>
      call(routes.changePassword, { body: { currentPassword, newPassword } }),
    deleteAccount: (password: string) => call(routes.deleteAccount, { body: { password } }),

    presence: () => call(routes.presence),
    searchUsers: (q: string, limit: number) => call(routes.searchUsers, { query: { q, limit } }),

    createGroup: (group: GroupInput) => call(routes.createGroup, { body: group }),
    openDm: (username: string) => call(routes.openDm, { body: { username } }),
    directory: (q: string) => call(routes.directory, { query: { q } }),
    publicGroup: (conversationId: string) => call(routes.publicGroup, { params: { id: conversationId } }),
    join: (conversationId: string) => call(routes.join, { params: { id: conversationId } }),
    updateGroup: (conversationId: string, settings: GroupSettings) =>
      call(routes.updateGroup, { params: { id: conversationId }, body: settings }),
    invite: (conversationId: string, username: string) => call(routes.invite, { params: { id: conversationId }, body: { username } }),
    createInviteLink: (conversationId: string) => call(routes.createInviteLink, { params: { id: conversationId }, body: {} }),
    acceptInviteLink: (token: string) => call(routes.acceptInviteLink, { params: { token } }),
    leave: (conversationId: string) => call(routes.leave, { params: { id: conversationId } }),
    members: (conversationId: string) => call(routes.members, { params: { id: conversationId } }),
    changeRole: (conversationId: string, userId: string, role: Role) =>
      call(routes.changeRole, { params: { id: conversationId, userId }, body: { role } }),
    removeMember: (conversationId: string, userId: string) => call(routes.removeMember, { params: { id: conversationId, userId } }),
    ban: (conversationId: string, userId: string) => call(routes.ban, { params: { id: conversationId }, body: { userId } }),

    media: (id: string) => call(routes.media, { params: { id } }),
    mediaUrl: (id: string, variant: Variant) => call(routes.mediaUrl, { params: { id }, query: { variant } }),

    /** Messages matching `q` (the search language) in my conversations, newest first. */
    search: (q: string) => call(routes.search, { query: { q } }),
  };
}
