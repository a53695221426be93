// /api/conversations, /api/dms, /api/invite-links: conversations, members, roles, invites, bans.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { OPAQUE_TOKEN_PATTERN } from '../../auth/opaque-tokens.ts';
import { groupInputSchema, groupSettingsSchema } from '../../conversations/group-input.ts';
import { INVITE_LINK_DEFAULT_TTL_SECONDS } from '../../conversations/conversation-service.ts';
import { ROLES } from '../../../model/roles.ts';
import { CONVERSATION_ID_PATTERN, USER_ID_PATTERN } from '../../ids.ts';
import type { ApiDeps } from './deps.ts';
import { authenticate, parse } from './request.ts';

const INVITE_LINK_MAX_TTL_SECONDS = 30 * 24 * 60 * 60;

const conversationId = z.string().regex(CONVERSATION_ID_PATTERN, 'not a conversation id');
const userId = z.string().regex(USER_ID_PATTERN, 'not a user id');
const username = z.string().min(1).max(64);

const conversationParams = z.object({ id: conversationId });
const memberParams = z.object({ id: conversationId, userId });
const tokenParams = z.object({ token: z.string().regex(OPAQUE_TOKEN_PATTERN, 'not an invite token') });
const dmBody = z.object({ username });
const inviteBody = z.object({ username });
const inviteLinkBody = z.object({
  expiresInSeconds: z.number().int().min(60).max(INVITE_LINK_MAX_TTL_SECONDS).default(INVITE_LINK_DEFAULT_TTL_SECONDS),
});
const roleBody = z.object({ role: z.enum(ROLES) });
const banBody = z.object({ userId });

export function conversationRoutes(app: FastifyInstance, { conversations, access, config }: ApiDeps): void {
  const inviteUrl = (request: FastifyRequest, token: string): string => {
    const base = config.PUBLIC_URL?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`;
    return `${base}/invite/${token}`;
  };

  app.get('/conversations', async (request) => {
    const me = await authenticate(request, access);
    return { conversations: await conversations.listMine(me.userId) };
  });

  app.post('/conversations', async (request, reply) => {
    const me = await authenticate(request, access);
    const input = parse(groupInputSchema, request.body, 'group');
    return reply.code(201).send(await conversations.createGroup(me.userId, input));
  });

  app.post('/dms', async (request, reply) => {
    const me = await authenticate(request, access);
    const { username: other } = parse(dmBody, request.body, 'direct message');
    const { conversation, created } = await conversations.createDm(me.userId, other);
    return reply.code(created ? 201 : 200).send(conversation);
  });

  app.patch('/conversations/:id', async (request) => {
    const me = await authenticate(request, access);
    const { id } = parse(conversationParams, request.params, 'path');
    const settings = parse(groupSettingsSchema, request.body, 'group settings');
    return conversations.updateGroup(me.userId, id, settings);
  });

  app.post('/conversations/:id/join', async (request) => {
    const me = await authenticate(request, access);
    const { id } = parse(conversationParams, request.params, 'path');
    return conversations.join(me.userId, id);
  });

  app.post('/conversations/:id/invites', async (request, reply) => {
    const me = await authenticate(request, access);
    const { id } = parse(conversationParams, request.params, 'path');
    const { username: invitee } = parse(inviteBody, request.body, 'invite');
    return reply.code(201).send(await conversations.invite(me.userId, id, invitee));
  });

  app.post('/conversations/:id/invite-links', async (request, reply) => {
    const me = await authenticate(request, access);
    const { id } = parse(conversationParams, request.params, 'path');
    const { expiresInSeconds } = parse(inviteLinkBody, request.body, 'invite link');
    const { token, expiresAt } = await conversations.createInviteLink(me.userId, id, expiresInSeconds);
    return reply.code(201).send({ token, url: inviteUrl(request, token), expiresAt });
  });

  app.post('/invite-links/:token/accept', async (request) => {
    const me = await authenticate(request, access);
    const { token } = parse(tokenParams, request.params, 'path');
    return conversations.acceptInviteLink(me.userId, token);
  });

  app.post('/conversations/:id/leave', async (request, reply) => {
    const me = await authenticate(request, access);
    const { id } = parse(conversationParams, request.params, 'path');
    await conversations.leave(me.userId, id);
    return reply.code(204).send();
  });

  app.get('/conversations/:id/members', async (request) => {
    const me = await authenticate(request, access);
    const { id } = parse(conversationParams, request.params, 'path');
    return { members: await conversations.members(me.userId, id) };
  });

  app.patch('/conversations/:id/members/:userId', async (request) => {
    const me = await authenticate(request, access);
    const { id, userId: target } = parse(memberParams, request.params, 'path');
    const { role } = parse(roleBody, request.body, 'role change');
    return conversations.changeRole(me.userId, id, target, role);
  });

  app.delete('/conversations/:id/members/:userId', async (request, reply) => {
    const me = await authenticate(request, access);
    const { id, userId: target } = parse(memberParams, request.params, 'path');
    await conversations.removeMember(me.userId, id, target);
    return reply.code(204).send();
  });

  app.get('/conversations/:id/bans', async (request) => {
    const me = await authenticate(request, access);
    const { id } = parse(conversationParams, request.params, 'path');
    return { bans: await conversations.bans(me.userId, id) };
  });

  app.post('/conversations/:id/bans', async (request, reply) => {
    const me = await authenticate(request, access);
    const { id } = parse(conversationParams, request.params, 'path');
    const { userId: target } = parse(banBody, request.body, 'ban');
    await conversations.ban(me.userId, id, target);
    return reply.code(204).send();
  });

  app.delete('/conversations/:id/bans/:userId', async (request, reply) => {
    const me = await authenticate(request, access);
    const { id, userId: target } = parse(memberParams, request.params, 'path');
    await conversations.unban(me.userId, id, target);
    return reply.code(204).send();
  });
}
