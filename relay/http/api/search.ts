// GET /api/search: messages in the user's conversations matching the search language.
import { routes } from '../../../protocol/http/routes.ts';
import type { ApiDeps, ApiInstance } from './deps.ts';
import type { Endpoint } from './endpoint.ts';

export function searchRoutes(app: ApiInstance, { search }: ApiDeps, endpoint: Endpoint): void {
  app.route({
    ...endpoint(routes.search),
    handler: async (request) => ({ results: await search.search(request.user.userId, request.query.q, request.query.limit) }),
  });
}
