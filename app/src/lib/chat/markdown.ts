// A small markdown renderer for message text that is safe to insert as HTML: every character of
// the input is escaped, and the only markup emitted is the fixed set of tags below, with `href`
// as the only attribute that carries input (http(s) and mailto URLs only, escaped).
// Tags: p, br, strong, em, del, code, pre, ul, ol, li, blockquote, a, span.mention.

export interface MarkdownOptions {
  /** Lowercased usernames to highlight as mentions (members of the conversation). */
  isMember?: (username: string) => boolean;
  /** The reader's own lowercased username: their mentions get an extra class. */
  me?: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** The URL if a link may point at it: http(s) and mailto only, no whitespace or control characters. */
export function safeUrl(raw: string): string | undefined {
  const url = raw.trim();
  // Control characters are exactly what this refuses: a browser drops them inside a scheme.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\s]/.test(url)) return undefined;
  return /^(https?:\/\/[^/]|mailto:[^/])/i.test(url) ? url : undefined;
}

function link(url: string, label: string): string {
  return `<a href="${escapeHtml(url)}" rel="noopener noreferrer" target="_blank">${label}</a>`;
}

const USERNAME_CHAR = /[a-z0-9_.-]/i;
const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** Inline markup of one block's text. `inLink` stops nested links. */
function inline(src: string, options: MarkdownOptions, inLink = false): string {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const rest = src.slice(i);
    const before = i === 0 ? '' : (src[i - 1] ?? '');
    let match: RegExpExecArray | null;

    if (rest[0] === '`' && (match = /^(`+)([^`][\s\S]*?)\1(?!`)/.exec(rest))) {
      out += `<code>${escapeHtml(match[2] ?? '')}</code>`;
      i += match[0].length;
      continue;
    }
    if (!inLink && rest[0] === '[' && (match = /^\[([^\]\n]+)\]\(([^()\s]+)\)/.exec(rest))) {
      const url = safeUrl(match[2] ?? '');
      // A link to anything else (javascript:, data:, relative) stays visible as the text typed.
      out += url ? link(url, inline(match[1] ?? '', options, true)) : escapeHtml(match[0]);
      i += match[0].length;
      continue;
    }
    if (
      !inLink &&
      (rest[0] === 'h' || rest[0] === 'H') &&
      !WORD_CHAR.test(before) &&
      (match = /^https?:\/\/[^\s<>"]*[^\s<>".,:;'!?)\]]/i.exec(rest))
    ) {
      out += link(match[0], escapeHtml(match[0]));
      i += match[0].length;
      continue;
    }
    if (rest.startsWith('**') && (match = /^\*\*(?=\S)([\s\S]*?\S)\*\*/.exec(rest))) {
      out += `<strong>${inline(match[1] ?? '', options, inLink)}</strong>`;
      i += match[0].length;
      continue;
    }
    if (rest.startsWith('~~') && (match = /^~~(?=\S)([\s\S]*?\S)~~/.exec(rest))) {
      out += `<del>${inline(match[1] ?? '', options, inLink)}</del>`;
      i += match[0].length;
      continue;
    }
    if (rest[0] === '*' && (match = /^\*(?=[^\s*])([^*]*?[^\s*])\*(?!\*)/.exec(rest))) {
      out += `<em>${inline(match[1] ?? '', options, inLink)}</em>`;
      i += match[0].length;
      continue;
    }
    if (rest[0] === '_' && !WORD_CHAR.test(before) && (match = /^_(?=[^\s_])([^_]*?[^\s_])_(?![\p{L}\p{N}_])/u.exec(rest))) {
      out += `<em>${inline(match[1] ?? '', options, inLink)}</em>`;
      i += match[0].length;
      continue;
    }
    if (rest[0] === '@' && !USERNAME_CHAR.test(before) && before !== '@' && (match = /^@([a-z0-9_.-]+)/i.exec(rest))) {
      const name = (match[1] ?? '').replace(/[.-]+$/, '');
      const lower = name.toLowerCase();
      if (options.isMember?.(lower)) {
        const mine = lower === options.me;
        out += `<span class="mention${mine ? ' mention-me' : ''}">@${escapeHtml(name)}</span>`;
        i += name.length + 1;
        continue;
      }
    }
    out += escapeHtml(rest[0] ?? '');
    i++;
  }
  return out;
}

type Block =
  | { kind: 'code'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'quote'; lines: string[] }
  | { kind: 'paragraph'; lines: string[] };

const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

function blocks(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const result: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const fence = FENCE.exec(line)?.[1];
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] ?? '').trim().startsWith(fence)) body.push(lines[i++] ?? '');
      i++; // the closing fence, or past the end when it is missing
      result.push({ kind: 'code', text: body.join('\n') });
      continue;
    }
    const bullet = BULLET.exec(line);
    const numbered = NUMBERED.exec(line);
    if (bullet || numbered) {
      const ordered = !bullet;
      const pattern = ordered ? NUMBERED : BULLET;
      const items: string[] = [];
      let item: RegExpExecArray | null;
      while (i < lines.length && (item = pattern.exec(lines[i] ?? ''))) {
        items.push(item[1] ?? '');
        i++;
      }
      result.push({ kind: 'list', ordered, items });
      continue;
    }
    if (QUOTE.test(line)) {
      const quoted: string[] = [];
      let quote: RegExpExecArray | null;
      while (i < lines.length && (quote = QUOTE.exec(lines[i] ?? ''))) {
        quoted.push(quote[1] ?? '');
        i++;
      }
      result.push({ kind: 'quote', lines: quoted });
      continue;
    }
    if (line.trim() === '') {
      i++;
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length) {
      const next = lines[i] ?? '';
      if (next.trim() === '' || FENCE.test(next) || BULLET.test(next) || NUMBERED.test(next) || QUOTE.test(next)) break;
      paragraph.push(next);
      i++;
    }
    result.push({ kind: 'paragraph', lines: paragraph });
  }
  return result;
}

export function renderMarkdown(text: string, options: MarkdownOptions = {}): string {
  return blocks(text)
    .map((block) => {
      switch (block.kind) {
        case 'code':
          return `<pre><code>${escapeHtml(block.text)}</code></pre>`;
        case 'list': {
          const tag = block.ordered ? 'ol' : 'ul';
          return `<${tag}>${block.items.map((item) => `<li>${inline(item, options)}</li>`).join('')}</${tag}>`;
        }
        case 'quote':
          return `<blockquote>${block.lines.map((line) => inline(line, options)).join('<br>')}</blockquote>`;
        case 'paragraph':
          return `<p>${block.lines.map((line) => inline(line, options)).join('<br>')}</p>`;
      }
    })
    .join('');
}

/** Plain text for previews and reply quotes: the markup characters dropped, nothing rendered. */
export function plainText(text: string): string {
  return (
    text
      .replace(/```[\s\S]*?(```|$)/g, ' [code] ')
      .replace(/\[([^\]\n]+)\]\([^)\s]+\)/g, '$1')
      .replace(/(\*\*|~~|[*`])/g, '')
      // An underscore inside a word (a username such as bob_smith) is not emphasis.
      .replace(/(?<![\p{L}\p{N}])_{1,2}|_{1,2}(?![\p{L}\p{N}])/gu, '')
      .replace(/^\s*(?:[-*+>]|\d+[.)])\s+/gm, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
