// Server search: the index in search_messages queried with the search language, only in the
// conversations the user is a member of at the moment of the query, newest first, with an
// excerpt that marks the matching words.
import type { SqlQueryable } from '../../persistence/sql-client.ts';
import type { SearchResult } from '../../protocol/http/search.ts';
import { exclusionTsQuery, isEmpty, parseSearchQuery, toTsQuery } from './search-query.ts';

// Control characters Postgres puts around matches in the excerpt: never in message text (the
// model refuses control characters in names; text keeps them out of the excerpt below).
const START = '\u0002';
const STOP = '\u0003';
const EXCERPT_CHARS = 200;

type Row = {
  conversation_id: string;
  message_id: string;
  segment: number;
  author_id: string;
  author_name: string | null;
  sent_at: Date;
  kind: 'dm' | 'group';
  name: string | null;
  other_name: string | null;
  excerpt: string;
};

export class SearchService {
  constructor(private readonly db: SqlQueryable) {}

  async search(userId: string, text: string, limit: number): Promise<SearchResult[]> {
    const query = parseSearchQuery(text);
    if (isEmpty(query)) return [];
    const matching = toTsQuery(query);
    const where = query.in ? `%${query.in.replace(/[\\%_]/g, (character) => `\\${character}`)}%` : null;
    const rows = await this.db.query<Row>(
      `SELECT s.conversation_id, s.message_id, s.segment, s.author_id, u.username AS author_name, s.sent_at, c.kind, c.name,
         o.username AS other_name,
         CASE WHEN $2::text IS NULL THEN left(translate(s.body, E'\\x02\\x03', ''), ${EXCERPT_CHARS})
           ELSE ts_headline('simple', translate(s.body, E'\\x02\\x03', ''), to_tsquery('simple', $2),
             'StartSel=${START}, StopSel=${STOP}, MaxWords=30, MinWords=12, ShortWord=1, MaxFragments=1') END AS excerpt
       FROM search_messages s
       JOIN memberships m ON m.conversation_id = s.conversation_id AND m.user_id = $1
       JOIN conversations c ON c.id = s.conversation_id
       LEFT JOIN users u ON u.id = s.author_id
       LEFT JOIN LATERAL (
         SELECT ou.username FROM memberships om JOIN users ou ON ou.id = om.user_id
         WHERE c.kind = 'dm' AND om.conversation_id = c.id AND om.user_id <> $1 LIMIT 1
       ) o ON true
       WHERE ($2::text IS NULL OR s.document @@ to_tsquery('simple', $2))
         AND ($3::text IS NULL OR NOT s.document @@ to_tsquery('simple', $3))
         AND ($4::text IS NULL OR lower(u.username) = lower($4))
         AND ($5::text IS NULL OR (c.kind = 'group' AND c.name ILIKE $5) OR (c.kind = 'dm' AND o.username ILIKE $5))
         AND ($6::timestamptz IS NULL OR s.sent_at >= $6)
         AND ($7::timestamptz IS NULL OR s.sent_at < $7)
         AND (NOT $8::boolean OR s.has_link) AND (NOT $9::boolean OR s.has_image) AND (NOT $10::boolean OR s.has_file)
       ORDER BY s.sent_at DESC, s.message_id DESC
       LIMIT $11`,
      [
        userId,
        matching,
        exclusionTsQuery(query),
        query.from,
        where,
        query.since,
        query.until,
        query.has.includes('link'),
        query.has.includes('image'),
        query.has.includes('file'),
        limit,
      ],
    );
    return rows.map((row) => ({
      conversationId: row.conversation_id,
      messageId: row.message_id,
      segment: Number(row.segment),
      authorId: row.author_id,
      authorName: row.author_name ?? 'Former member',
      conversation: { kind: row.kind, title: row.kind === 'dm' ? (row.other_name ?? 'Direct message') : (row.name ?? '') },
      sentAt: new Date(row.sent_at),
      excerpt: excerptParts(row.excerpt),
    }));
  }
}

/** Postgres' excerpt with its match markers, as plain and matching parts. */
export function excerptParts(excerpt: string): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  for (const [index, piece] of excerpt.split(new RegExp(`[${START}${STOP}]`)).entries())
    if (piece) parts.push({ text: piece, match: index % 2 === 1 });
  return parts;
}
