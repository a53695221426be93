import { describe, expect, it } from 'vitest';
import { docNameFromPath } from './doc-name.ts';

describe('docNameFromPath', () => {
  it.each(['lobby', 'conv:01HZX:seg:3', 'inbox@alice', 'a.b_c~d-e', 'x'.repeat(200)])('accepts %s', (name) => {
    expect(docNameFromPath(`/sync/${name}`, '/sync/')).toEqual({ ok: true, name });
  });

  it('decodes percent-encoding', () => {
    expect(docNameFromPath('/sync/room%3A1', '/sync/')).toEqual({ ok: true, name: 'room:1' });
  });

  it.each(['', '..%2F..', 'a/b', '%ZZ', '-leading', '.hidden', 'space here', 'x'.repeat(201), 'émoji'])('rejects %j', (name) => {
    const result = docNameFromPath(`/sync/${name}`, '/sync/');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.length).toBeGreaterThan(0);
  });
});
