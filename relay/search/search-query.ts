// The search language people know from Slack and Mattermost, parsed without I/O: words (all must
// match), "exact phrases", -excluded words, prefix*, from:@user, in:#group (or a DM's name),
// before:/after:/on: dates (YYYY-MM-DD, UTC) and has:link / has:image / has:file.

export type HasFilter = 'link' | 'image' | 'file';

export interface SearchQuery {
  words: string[];
  prefixes: string[];
  phrases: string[][];
  excluded: string[];
  from: string | null;
  in: string | null;
  /** Messages sent at or after this instant (after:, on:). */
  since: Date | null;
  /** Messages sent before this instant (before:, on:). */
  until: Date | null;
  has: HasFilter[];
}

const DAY_MS = 86_400_000;
/** What the index holds as words: letters and digits of any script. */
const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a message, lower-cased: what the index holds (a file name is its words, too). */
export function indexWords(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** The words of a query, split the same way (at most 32). */
export function wordsOf(text: string): string[] {
  return indexWords(text).slice(0, 32);
}

function day(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function parseSearchQuery(input: string): SearchQuery {
  const query: SearchQuery = {
    words: [],
    prefixes: [],
    phrases: [],
    excluded: [],
    from: null,
    in: null,
    since: null,
    until: null,
    has: [],
  };
  const tokens = input.match(/-?"[^"]*"?|\S+/g) ?? [];
  for (const token of tokens) {
    const negated = token.startsWith('-') && token.length > 1;
    const body = negated ? token.slice(1) : token;
    if (body.startsWith('"')) {
      const words = wordsOf(body);
      if (negated) query.excluded.push(...words);
      else if (words.length === 1) query.words.push(words[0]!);
      else if (words.length > 1) query.phrases.push(words);
      continue;
    }
    const filter = /^(from|in|before|after|on|has):(.+)$/i.exec(body);
    if (filter && !negated) {
      const [, key = '', value = ''] = filter;
      switch (key.toLowerCase()) {
        case 'from':
          query.from = value.replace(/^@/, '');
          continue;
        case 'in':
          query.in = value.replace(/^#/, '');
          continue;
        case 'before':
          query.until = day(value) ?? query.until;
          continue;
        case 'after': {
          const after = day(value);
          if (after) query.since = new Date(after.getTime() + DAY_MS);
          continue;
        }
        case 'on': {
          const on = day(value);
          if (on) [query.since, query.until] = [on, new Date(on.getTime() + DAY_MS)];
          continue;
        }
        case 'has': {
          const kind = value.toLowerCase();
          if ((kind === 'link' || kind === 'image' || kind === 'file') && !query.has.includes(kind)) query.has.push(kind);
          continue;
        }
      }
    }
    const prefix = body.endsWith('*');
    const words = wordsOf(body);
    if (negated) query.excluded.push(...words);
    else if (prefix && words.length > 0) {
      query.words.push(...words.slice(0, -1));
      query.prefixes.push(words.at(-1)!);
    } else query.words.push(...words);
  }
  return query;
}

/** Whether the query asks for anything: filters alone are a search too (everything from bob). */
export function isEmpty(query: SearchQuery): boolean {
  return (
    query.words.length + query.prefixes.length + query.phrases.length === 0 &&
    !query.from &&
    !query.in &&
    !query.since &&
    !query.until &&
    query.has.length === 0
  );
}

/**
 * What a message must match, as a Postgres tsquery (for `to_tsquery('simple', …)`), or null when
 * the query has no words. Lexemes hold only letters and digits, so nothing in them is tsquery syntax.
 */
export function toTsQuery(query: SearchQuery): string | null {
  const lexeme = (word: string) => `'${word}'`;
  const parts = [
    ...query.words.map(lexeme),
    ...query.prefixes.map((word) => `${lexeme(word)}:*`),
    ...query.phrases.map((words) => `(${words.map(lexeme).join(' <-> ')})`),
  ];
  return parts.length === 0 ? null : parts.join(' & ');
}

/** The excluded words as one tsquery a message must not match, or null when there are none. */
export function exclusionTsQuery(query: SearchQuery): string | null {
  return query.excluded.length === 0 ? null : query.excluded.map((word) => `'${word}'`).join(' | ');
}
