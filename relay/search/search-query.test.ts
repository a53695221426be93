import { describe, expect, it } from 'vitest';
import { exclusionTsQuery, isEmpty, parseSearchQuery, toTsQuery, wordsOf } from './search-query.ts';

describe('the search language', () => {
  it('takes words, "phrases", -excluded words and prefixes*', () => {
    const query = parseSearchQuery('Lunch "next friday" -pizza tac* "solo"');
    expect(query).toMatchObject({ words: ['lunch', 'solo'], phrases: [['next', 'friday']], excluded: ['pizza'], prefixes: ['tac'] });
    expect(toTsQuery(query)).toBe(`'lunch' & 'solo' & 'tac':* & ('next' <-> 'friday')`);
    expect(exclusionTsQuery(query)).toBe(`'pizza'`);
  });

  it('reads from:@user, in:#group, has: and dates', () => {
    const query = parseSearchQuery('from:@Bob in:#hiking has:link has:image has:sound after:2030-01-01 before:2030-02-01 map');
    expect(query).toMatchObject({ from: 'Bob', in: 'hiking', has: ['link', 'image'], words: ['map'] });
    expect(query.since?.toISOString()).toBe('2030-01-02T00:00:00.000Z');
    expect(query.until?.toISOString()).toBe('2030-02-01T00:00:00.000Z');
    const on = parseSearchQuery('on:2030-03-04');
    expect([on.since?.toISOString(), on.until?.toISOString()]).toEqual(['2030-03-04T00:00:00.000Z', '2030-03-05T00:00:00.000Z']);
    expect(parseSearchQuery('on:yesterday before:2030-13-40').since).toBeNull();
  });

  it('never lets tsquery syntax through, in any script', () => {
    const query = parseSearchQuery(`it's a & b | !c <-> (d) 'e':* Grüße 東京`);
    expect(query.words).toEqual(['it', 's', 'a', 'b', 'c', 'd', 'grüße', '東京']);
    expect(query.prefixes).toEqual(['e']);
    for (const part of toTsQuery(query)!.split(' & ')) expect(part).toMatch(/^!?'[\p{L}\p{N}]+'(:\*)?$/u);
    expect(wordsOf('Hello, WORLD!')).toEqual(['hello', 'world']);
  });

  it('is empty for blanks and lone operators; filters alone are a search; only exclusions have no text', () => {
    expect(isEmpty(parseSearchQuery('  '))).toBe(true);
    expect(isEmpty(parseSearchQuery('* - ""'))).toBe(true);
    expect(isEmpty(parseSearchQuery('from:@bob'))).toBe(false);
    expect(toTsQuery(parseSearchQuery('-pizza'))).toBeNull();
    expect(exclusionTsQuery(parseSearchQuery('-pizza -"cold pasta"'))).toBe(`'pizza' | 'cold' | 'pasta'`);
  });
});
