import { describe, expect, it } from 'vitest';
import { connectionLabel, connectionProblem } from './connection-notice.ts';

describe('connectionProblem', () => {
  it('says offline when the network is down, whatever the relay did', () => {
    expect(connectionProblem(false, true)).toBe('offline');
    expect(connectionProblem(false, false)).toBe('offline');
  });

  it('says the relay cannot be reached when the network is up and the relay is not', () => {
    expect(connectionProblem(true, true)).toBe('unreachable');
  });

  it('says nothing when the network and the relay are up, or before the page knows the network', () => {
    expect(connectionProblem(true, false)).toBeNull();
    expect(connectionProblem(undefined, false)).toBeNull();
  });
});

describe('connectionLabel', () => {
  it('says Offline only when the network is down', () => {
    expect(connectionLabel('offline', false)).toBe('Offline');
    expect(connectionLabel('connecting', false)).toBe('Offline');
  });

  it('says the next attempt is coming between attempts with the network up', () => {
    expect(connectionLabel('offline', true)).toBe('Connecting…');
    expect(connectionLabel('connecting', true)).toBe('Connecting…');
  });

  it('says a stopped connection is not connected', () => {
    expect(connectionLabel('stopped', true)).toBe('Not connected');
  });
});
