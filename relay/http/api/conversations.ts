// /api/conversations, /api/dms, /api/invite-links: conversations, members, roles, invites, bans.
import type { FastifyRequest } from 'fastify';
import { routes } from '../../../protocol/http/routes.ts';
import type { ApiDeps, ApiInstance } from './deps.ts';
import type { Endpoint } from './endpoint.ts';

export function conversationRoutes(app: ApiInstance, { conversations, config }: ApiDeps, endpoint: Endpoint): void {
  const inviteUrl = (request: FastifyRequest, token: string): string => {
    const base = config.PUBLIC_URL?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`;
    return `${base}/invite/${token}`;
  };

  app.route({
    ...endpoint(routes.conversations),
    handler: async (request) => ({ conversations: await conversations.listMine(request.user.userId) }),
  });

  app.route({
    ...endpoint(routes.createGroup),
    handler: async (request, reply) => reply.code(201).send(await conversations.createGroup(request.user.userId, request.body)),
  });

  app.route({
    ...endpoint(routes.openDm),
    handler: async (request, reply) => {
      const { conversation, created } = await conversations.createDm(request.user.userId, request.body.username);
      return reply.code(created ? 201 : 200).send(conversation);
    },
  });

  app.route({
    ...endpoint(routes.updateGroup),
    handler: async (request) => conversations.updateGroup(request.user.userId, request.params.id, request.body),
  });

  app.route({
    ...endpoint(routes.directory),
    handler: async (request) => ({ groups: await conversations.directory(request.user.userId, request.query.q, request.query.limit) }),
  });

  app.route({
    ...endpoint(routes.publicGroup),
    handler: async (request) => conversations.publicGroup(request.user.userId, request.params.id),
  });

  app.route({
    ...endpoint(routes.join),
    handler: async (request) => conversations.join(request.user.userId, request.params.id),
  });

  app.route({
    ...endpoint(routes.invite),
    handler: async (request, reply) =>
      reply.code(201).send(await conversations.invite(request.user.userId, request.params.id, request.body.username)),
  });

  app.route({
    ...endpoint(routes.createInviteLink),
    handler: async (request, reply) => {
      const { token, expiresAt } = await conversations.createInviteLink(
        request.user.userId,
        request.params.id,
        request.body.expiresInSeconds,
      );
      return reply.code(201).send({ token, url: inviteUrl(request, token), expiresAt });
    },
  });

  app.route({
    ...endpoint(routes.acceptInviteLink),
    handler: async (request) => conversations.acceptInviteLink(request.user.userId, request.params.token),
  });

  app.route({
    ...endpoint(routes.leave),
    handler: async (request, reply) => {
      await conversations.leave(request.user.userId, request.params.id);
      return reply.code(204).send();
    },
  });

  app.route({
    ...endpoint(routes.members),
    handler: async (request) => ({ members: await conversations.members(request.user.userId, request.params.id) }),
  });

  app.route({
    ...endpoint(routes.changeRole),
    handler: async (request) => conversations.changeRole(request.user.userId, request.params.id, request.params.userId, request.body.role),
  });

  app.route({
    ...endpoint(routes.removeMember),
    handler: async (request, reply) => {
      await conversations.removeMember(request.user.userId, request.params.id, request.params.userId);
      return reply.code(204).send();
    },
  });

  app.route({
    ...endpoint(routes.bans),
    handler: async (request) => ({ bans: await conversations.bans(request.user.userId, request.params.id) }),
  });

  app.route({
    ...endpoint(routes.ban),
    handler: async (request, reply) => {
      await conversations.ban(request.user.userId, request.params.id, request.body.userId);
      return reply.code(204).send();
    },
  });

  app.route({
    ...endpoint(routes.unban),
    handler: async (request, reply) => {
      await conversations.unban(request.user.userId, request.params.id, request.params.userId);
      return reply.code(204).send();
    },
  });
}
