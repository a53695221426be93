// @mentions in message text. Parsing finds usernames; turning them into user ids needs the
// member list, which the caller passes in as a lookup.

const USERNAME_CHAR = /[a-z0-9_.-]/i;
const MENTION_PATTERN = /@([a-z0-9_.-]+)/gi;
const MIN_USERNAME = 2;
const MAX_USERNAME = 32;

export type UsernameLookup = (username: string) => string | undefined;

/** Usernames mentioned in `text`, lowercased, unique, in order of first mention. */
export function parseMentions(text: string): string[] {
  const prose = blankCode(text);
  const found = new Set<string>();
  for (const match of prose.matchAll(MENTION_PATTERN)) {
    const before = match.index === 0 ? '' : (prose[match.index - 1] ?? '');
    // `a@b.com`, `@@x` and `/@x` (URLs) are not mentions.
    if (before !== '' && (USERNAME_CHAR.test(before) || before === '@' || before === '/')) continue;
    const end = match.index + match[0].length;
    if (prose[end] === '@') continue; // `@bob@example.com`: an address, not a mention
    // Sentence punctuation right after a name is not part of it: "thanks @bob."
    const username = (match[1] ?? '').replace(/[.-]+$/, '').toLowerCase();
    if (username.length < MIN_USERNAME || username.length > MAX_USERNAME) continue;
    found.add(username);
  }
  return [...found];
}

/** The user ids of the mentioned usernames the lookup knows, unique, in order of first mention. */
export function resolveMentions(text: string, lookup: UsernameLookup): string[] {
  const ids = new Set<string>();
  for (const username of parseMentions(text)) {
    const id = lookup(username);
    if (id !== undefined) ids.add(id);
  }
  return [...ids];
}

// Replaces code (fenced blocks and inline spans, as markdown renders them) with spaces so that
// `@name` shown as code is never a mention.
function blankCode(text: string): string {
  return blankInlineCode(blankFences(text));
}

function blankFences(text: string): string {
  const lines = text.split('\n');
  let fence: { char: string; length: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence.char && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      lines[i] = ' '.repeat(line.length);
    } else if (marker && !(marker[0] === '`' && line.slice(line.indexOf(marker) + marker.length).includes('`'))) {
      fence = { char: marker[0] ?? '`', length: marker.length };
      lines[i] = ' '.repeat(line.length);
    }
  }
  return lines.join('\n');
}

function blankInlineCode(text: string): string {
  let result = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '`') {
      result += text[i];
      i++;
      continue;
    }
    const run = /^`+/.exec(text.slice(i))?.[0] ?? '`';
    const close = findRun(text, run.length, i + run.length);
    if (close === -1) {
      // An unmatched backtick run is literal text.
      result += run;
      i += run.length;
    } else {
      result += ' '.repeat(close + run.length - i);
      i = close + run.length;
    }
  }
  return result;
}

// The start of the next run of exactly `length` backticks at or after `from`, or -1.
function findRun(text: string, length: number, from: number): number {
  for (let i = from; i < text.length;) {
    if (text[i] !== '`') {
      i++;
      continue;
    }
    let end = i;
    while (text[end] === '`') end++;
    if (end - i === length) return i;
    i = end;
  }
  return -1;
}
