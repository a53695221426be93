// Search on the wire: the query (the search language of relay/search/search-query.ts) and the
// results, each with where it is and an excerpt split into plain and matching parts, so the app
// highlights without ever rendering markup from the server.
import { z } from 'zod';
import { conversationId, userId } from './ids.ts';
import { timestamp } from './timestamp.ts';

export const SEARCH_LIMIT_MAX = 50;

export const searchQuery = z.object({
  q: z.string().trim().min(1, 'Type something to search for').max(500),
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMIT_MAX).default(20),
});

export const searchResult = z.object({
  conversationId,
  messageId: z.string(),
  /** The segment the message is in, so it can be opened there. */
  segment: z.number().int(),
  authorId: userId,
  authorName: z.string(),
  conversation: z.object({ kind: z.enum(['dm', 'group']), title: z.string() }),
  sentAt: timestamp,
  excerpt: z.array(z.object({ text: z.string(), match: z.boolean() })),
});
export const searchResults = z.object({ results: z.array(searchResult) });

export type SearchResult = z.infer<typeof searchResult>;
