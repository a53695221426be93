// Every /api route in one table: its method and path, whether it needs an access token, and the
// schemas of its params, body, query and answer. The relay registers its routes from this table
// and the app's client calls them through it, so neither side can drift from the other.
import { z } from 'zod';
import { accountDeletion, credentials, me, passwordChange, presenceList, refreshBody, session, userList, userSearch } from './accounts.ts';
import {
  banBody,
  banList,
  conversationList,
  conversationParams,
  conversationSummary,
  directory,
  directoryQuery,
  dmBody,
  groupInput,
  groupSettings,
  inviteBody,
  inviteLink,
  inviteLinkBody,
  inviteParams,
  member,
  publicGroup,
  memberList,
  memberParams,
  roleBody,
} from './conversations.ts';
import { mediaInfo, mediaParams, mediaUrl, mediaUrlQuery } from './media.ts';
import { searchQuery, searchResults } from './search.ts';

export interface ApiRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Under /api, with Fastify's `:param` placeholders. */
  path: string;
  /** Whether it needs `Authorization: Bearer <access token>`. */
  auth: boolean;
  /** What the body or query is called in an `invalid_request` message: "Invalid group settings (name): …". */
  input?: string;
  params?: z.ZodType;
  body?: z.ZodType;
  query?: z.ZodType;
  /** The answer on success: one schema for every 2xx status the route uses. */
  response: z.ZodType;
}

/** The answer of a route that answers 204. */
export const noContent = z.undefined();

export const routes = {
  register: { method: 'POST', path: '/auth/register', auth: false, input: 'registration', body: credentials, response: session },
  signIn: { method: 'POST', path: '/auth/login', auth: false, input: 'sign-in', body: credentials, response: session },
  refresh: { method: 'POST', path: '/auth/refresh', auth: false, input: 'refresh', body: refreshBody, response: session },
  signOut: { method: 'POST', path: '/auth/logout', auth: false, input: 'sign-out', body: refreshBody, response: noContent },
  /** Signs out every session of the account and answers with a new one for the caller. */
  changePassword: { method: 'POST', path: '/auth/password', auth: true, input: 'password change', body: passwordChange, response: session },

  me: { method: 'GET', path: '/me', auth: true, response: me },
  /**
   * 204. Deletes the account once its password is confirmed: it leaves every group (refused with
   * `last_admin` while it is the only admin of one others are in), keeps its DMs for the other
   * person, frees its name and signs out every session.
   */
  deleteAccount: { method: 'DELETE', path: '/me', auth: true, input: 'account deletion', body: accountDeletion, response: noContent },
  /** Everyone sharing a conversation with me, online or when last seen. */
  presence: { method: 'GET', path: '/presence', auth: true, response: presenceList },
  /** Users whose name starts with `q`, in any letter case. */
  searchUsers: { method: 'GET', path: '/users', auth: true, input: 'search', query: userSearch, response: userList },

  /** Mine, newest first. */
  conversations: { method: 'GET', path: '/conversations', auth: true, response: conversationList },
  /** 201; the creator is its admin. */
  createGroup: { method: 'POST', path: '/conversations', auth: true, input: 'group', body: groupInput, response: conversationSummary },
  /** 201 when new, 200 when the DM existed. */
  openDm: { method: 'POST', path: '/dms', auth: true, input: 'direct message', body: dmBody, response: conversationSummary },
  updateGroup: {
    method: 'PATCH',
    path: '/conversations/:id',
    auth: true,
    input: 'group settings',
    params: conversationParams,
    body: groupSettings,
    response: conversationSummary,
  },
  /** Public groups, searchable by name and topic. */
  directory: { method: 'GET', path: '/directory', auth: true, input: 'directory search', query: directoryQuery, response: directory },
  /** A public group as its directory entry; `forbidden` for a private one, `not_found` for a DM or none. */
  publicGroup: { method: 'GET', path: '/conversations/:id/public', auth: true, params: conversationParams, response: publicGroup },
  join: { method: 'POST', path: '/conversations/:id/join', auth: true, params: conversationParams, response: conversationSummary },
  invite: {
    method: 'POST',
    path: '/conversations/:id/invites',
    auth: true,
    input: 'invite',
    params: conversationParams,
    body: inviteBody,
    response: member,
  },
  createInviteLink: {
    method: 'POST',
    path: '/conversations/:id/invite-links',
    auth: true,
    input: 'invite link',
    params: conversationParams,
    body: inviteLinkBody,
    response: inviteLink,
  },
  acceptInviteLink: {
    method: 'POST',
    path: '/invite-links/:token/accept',
    auth: true,
    params: inviteParams,
    response: conversationSummary,
  },
  leave: { method: 'POST', path: '/conversations/:id/leave', auth: true, params: conversationParams, response: noContent },
  /** Admins first. */
  members: { method: 'GET', path: '/conversations/:id/members', auth: true, params: conversationParams, response: memberList },
  changeRole: {
    method: 'PATCH',
    path: '/conversations/:id/members/:userId',
    auth: true,
    input: 'role change',
    params: memberParams,
    body: roleBody,
    response: member,
  },
  /** My own id: leaving. */
  removeMember: { method: 'DELETE', path: '/conversations/:id/members/:userId', auth: true, params: memberParams, response: noContent },
  bans: { method: 'GET', path: '/conversations/:id/bans', auth: true, params: conversationParams, response: banList },
  /** Removes the member too. */
  ban: {
    method: 'POST',
    path: '/conversations/:id/bans',
    auth: true,
    input: 'ban',
    params: conversationParams,
    body: banBody,
    response: noContent,
  },
  /** Messages in my conversations matching the search language, newest first. */
  search: { method: 'GET', path: '/search', auth: true, input: 'search', query: searchQuery, response: searchResults },
  /** A media item's state, for members of its conversation. */
  media: { method: 'GET', path: '/media/:id', auth: true, params: mediaParams, response: mediaInfo },
  /** A signed URL for one variant, valid a few minutes, for members of its conversation. */
  mediaUrl: {
    method: 'GET',
    path: '/media/:id/url',
    auth: true,
    input: 'media URL',
    params: mediaParams,
    query: mediaUrlQuery,
    response: mediaUrl,
  },
  unban: { method: 'DELETE', path: '/conversations/:id/bans/:userId', auth: true, params: memberParams, response: noContent },
} as const satisfies Record<string, ApiRoute>;

/** The error body of every failed request, plus `retryAfterSeconds` on 429s. */
export const errorBody = z.object({ error: z.string(), message: z.string(), retryAfterSeconds: z.number().optional() });
