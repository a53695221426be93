import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/request.ts';
import { searchFailure, sentLabel } from './search-labels.ts';

describe('sentLabel', () => {
  const now = new Date(2025, 5, 15, 18, 0);

  it('says the time for a message sent today', () => {
    expect(sentLabel(new Date(2025, 5, 15, 9, 5), now)).toMatch(/9:05/);
  });

  it('says the day without the year for a message sent earlier this year', () => {
    const label = sentLabel(new Date(2025, 2, 3, 9, 5), now);
    expect(label).toMatch(/3/);
    expect(label).not.toMatch(/2025|9:05/);
  });

  it('says the year for a message sent before this year', () => {
    expect(sentLabel(new Date(2023, 2, 3), now)).toMatch(/2023/);
  });
});

describe('searchFailure', () => {
  it('asks to connect when the relay could not be reached', () => {
    expect(searchFailure(new ApiError(0, 'network', 'Failed to fetch'))).toBe('Search needs the server: connect and try again.');
  });

  it("says the relay's message otherwise", () => {
    expect(searchFailure(new ApiError(400, 'invalid_request', 'Type something to search for'))).toBe('Type something to search for');
  });
});
