import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { routes, type ApiRoute } from './routes.ts';
import { timestamp } from './timestamp.ts';

const table: Array<[string, ApiRoute]> = Object.entries(routes);

describe('the HTTP contract', () => {
  it.each(table)('%s: the path placeholders are exactly the keys of its params schema', (_name, route) => {
    const placeholders = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]);
    const keys = route.params instanceof z.ZodObject ? Object.keys(route.params.shape) : [];
    expect(placeholders.sort()).toEqual(keys.sort());
  });

  it.each(table)('%s: a route with a body or a query names it for its invalid_request messages', (_name, route) => {
    expect(route.input !== undefined).toBe(route.body !== undefined || route.query !== undefined);
  });

  it('no two routes share a method and path', () => {
    const keys = table.map(([, route]) => `${route.method} ${route.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('times cross the wire as ISO strings and are Dates on either side', () => {
    const at = new Date('2030-01-02T03:04:05.678Z');
    expect(z.encode(timestamp, at)).toBe('2030-01-02T03:04:05.678Z');
    expect(timestamp.parse('2030-01-02T03:04:05.678Z')).toEqual(at);
    expect(timestamp.safeParse('yesterday').success).toBe(false);
  });
});
