import { describe, expect, it } from 'vitest';
import { plainText, renderMarkdown, safeUrl } from './markdown.ts';

const ALLOWED_TAGS = new Set(['p', 'br', 'strong', 'em', 'del', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote', 'a', 'span']);

/** Every tag in the output with its attributes, as a browser's tokenizer would see them. */
function tags(html: string): { name: string; attributes: string }[] {
  return [...html.matchAll(/<\/?([a-zA-Z][^\s/>]*)([^>]*)>/g)].map((match) => ({
    name: (match[1] ?? '').toLowerCase(),
    attributes: match[2] ?? '',
  }));
}

function expectSafe(html: string): void {
  for (const tag of tags(html)) {
    expect(ALLOWED_TAGS, html).toContain(tag.name);
    // Attribute names the renderer may emit; every value is quoted, so nothing else can appear.
    const names = [...tag.attributes.matchAll(/\s([a-z-]+)=/gi)].map((match) => match[1]);
    for (const name of names) expect(['href', 'rel', 'target', 'class']).toContain(name);
  }
  expect(html).not.toMatch(/href="(?!https?:|mailto:)/i);
}

describe('renderMarkdown', () => {
  it('renders bold, italic, strikethrough, inline code and line breaks', () => {
    expect(renderMarkdown('**bold** *it* _it2_ ~~gone~~ `a<b`\nnext')).toBe(
      '<p><strong>bold</strong> <em>it</em> <em>it2</em> <del>gone</del> <code>a&lt;b</code><br>next</p>',
    );
  });

  it('renders fenced code blocks verbatim and escaped', () => {
    expect(renderMarkdown('```\n<b>**not bold**</b>\n```')).toBe('<pre><code>&lt;b&gt;**not bold**&lt;/b&gt;</code></pre>');
  });

  it('renders bullet and numbered lists and quotes', () => {
    expect(renderMarkdown('- one\n- **two**\n\n1. first\n2. second\n> quoted')).toBe(
      '<ul><li>one</li><li><strong>two</strong></li></ul><ol><li>first</li><li>second</li></ol><blockquote>quoted</blockquote>',
    );
  });

  it('renders http(s) and mailto links that open in a new tab without an opener', () => {
    expect(renderMarkdown('[docs](https://example.org/a?b=1&c=2) and https://parley.chat/x.')).toBe(
      '<p><a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer" target="_blank">docs</a> and ' +
        '<a href="https://parley.chat/x" rel="noopener noreferrer" target="_blank">https://parley.chat/x</a>.</p>',
    );
    expect(renderMarkdown('[mail](mailto:a@example.org)')).toContain('href="mailto:a@example.org"');
  });

  it('highlights mentions of members, and of me differently', () => {
    const options = { isMember: (name: string) => ['bob', 'alice'].includes(name), me: 'alice' };
    expect(renderMarkdown('hi @Bob and @alice, not @nobody or a@bob', options)).toBe(
      '<p>hi <span class="mention">@Bob</span> and <span class="mention mention-me">@alice</span>, not @nobody or a@bob</p>',
    );
  });

  const attacks = [
    '<img src=x onerror=alert(1)>',
    '<script>alert(1)</script>',
    '"><svg onload=alert(1)>',
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](data:text/html,<script>alert(1)</script>)',
    '[x](https://ok.example" onmouseover="alert(1))',
    '[<img src=x onerror=alert(1)>](https://example.org)',
    '**<iframe src=javascript:alert(1)>**',
    '`</code><script>alert(1)</script>`',
    '```\n</pre><img src=x onerror=alert(1)>\n```',
    '- <a href="javascript:alert(1)">x</a>',
    'https://example.org/"><svg/onload=alert(1)>',
    "<a href='javascript:alert(1)'>x</a>",
  ];
  for (const attack of attacks) {
    it(`renders ${JSON.stringify(attack)} as text, never as markup`, () => {
      const html = renderMarkdown(attack, { isMember: () => true, me: 'alice' });
      expectSafe(html);
      expect(html).not.toMatch(/<(img|script|svg|iframe)/i);
      expect(html).not.toContain('href="javascript');
    });
  }

  it('keeps a refused link visible as the text that was typed', () => {
    expect(renderMarkdown('[x](javascript:alert(1))')).toBe('<p>[x](javascript:alert(1))</p>');
  });
});

describe('safeUrl', () => {
  it('accepts only http, https and mailto', () => {
    expect(safeUrl('https://a.example')).toBe('https://a.example');
    expect(safeUrl(' http://a.example ')).toBe('http://a.example');
    expect(safeUrl('mailto:x@y.z')).toBe('mailto:x@y.z');
    for (const url of [
      'javascript:alert(1)',
      'java\nscript:alert(1)',
      'data:text/html,x',
      '//evil.example',
      '/relative',
      'https:///x',
      'https://a b',
    ])
      expect(safeUrl(url), url).toBeUndefined();
  });
});

describe('plainText', () => {
  it('drops markup for previews and quotes', () => {
    expect(plainText('**Hi** _there_, see [docs](https://x.y)\n- item')).toBe('Hi there, see docs item');
  });

  it('keeps underscores inside words, such as usernames, and drops emphasis ones', () => {
    expect(plainText('Hey @bob_smith, __really__ _now_')).toBe('Hey @bob_smith, really now');
  });
});
