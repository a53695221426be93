import { describe, expect, it } from 'vitest';
import { detailsVersion } from './details-version.ts';

const version = (...entries: Array<[string, number]>) => detailsVersion(new Map(entries.map(([id, changedAt]) => [id, { changedAt }])));

describe('details version', () => {
  it('does not depend on the order of the entries', () => {
    expect(version(['a', 1], ['b', 2])).toBe(version(['b', 2], ['a', 1]));
  });

  it('changes when a conversation appears or goes', () => {
    expect(version(['a', 1], ['b', 0])).not.toBe(version(['a', 1]));
    expect(version()).not.toBe(version(['a', 0]));
  });

  it("changes when a conversation's details change, and only then", () => {
    expect(version(['a', 1], ['b', 2])).not.toBe(version(['a', 1], ['b', 3]));
    expect(version(['a', 1])).toBe(version(['a', 1]));
  });
});
