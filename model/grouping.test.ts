import { describe, expect, it } from 'vitest';
import { dayKeyFormatter, GROUP_WINDOW_MS, groupMessages } from './grouping.ts';
import { formatHlc } from './hlc.ts';

const DAY = Date.UTC(2024, 2, 10); // 2024-03-10T00:00Z
const at = (wallMs: number, author: string | null, extra: { deleted?: boolean } = {}) => ({
  hlc: formatHlc({ wallMs, counter: 0, node: 'a' }),
  author,
  deleted: extra.deleted ?? false,
  label: `${author}@${wallMs - DAY}`,
});
/** Days as their key, the unread divider as 'unread', each group as the labels of its messages. */
const shape = (items: ReturnType<typeof groupMessages<ReturnType<typeof at>>>) => {
  const rows: (string | string[])[] = [];
  for (const item of items) {
    if (item.kind === 'day') rows.push(item.day);
    else if (item.kind === 'unread') rows.push('unread');
    else if (item.startsGroup) rows.push([item.message.label]);
    else (rows.at(-1) as string[]).push(item.message.label);
  }
  return rows;
};

describe('groupMessages', () => {
  it('M-GROUP-1: groups consecutive messages by one author while each follows the last within 5 minutes', () => {
    const messages = [at(DAY + 1_000, 'a'), at(DAY + 1_000 + GROUP_WINDOW_MS, 'a'), at(DAY + 1_000 + 2 * GROUP_WINDOW_MS + 1, 'a')];
    expect(shape(groupMessages(messages))).toEqual(['2024-03-10', ['a@1000', 'a@301000'], ['a@601001']]);
  });

  it('M-GROUP-2: another author in between starts a new group', () => {
    const messages = [at(DAY + 1, 'a'), at(DAY + 2, 'b'), at(DAY + 3, 'a')];
    expect(shape(groupMessages(messages))).toEqual(['2024-03-10', ['a@1'], ['b@2'], ['a@3']]);
  });

  it('M-GROUP-3: a day boundary separates groups, even within 5 minutes', () => {
    const messages = [at(DAY - 60_000, 'a'), at(DAY + 60_000, 'a')];
    expect(shape(groupMessages(messages))).toEqual(['2024-03-09', ['a@-60000'], '2024-03-10', ['a@60000']]);
  });

  it('M-GROUP-3: days follow the given time zone', () => {
    // 23:30 UTC on the 9th is already the 10th in Berlin (UTC+1 in March).
    const messages = [at(DAY - 30 * 60_000, 'a')];
    expect(shape(groupMessages(messages, { timeZone: 'Europe/Berlin' }))[0]).toBe('2024-03-10');
    expect(shape(groupMessages(messages, { timeZone: 'America/New_York' }))[0]).toBe('2024-03-09');
    expect(shape(groupMessages(messages))[0]).toBe('2024-03-09');
  });

  it('M-GROUP-4: deleted messages stay in their group, shown as deleted', () => {
    const messages = [at(DAY + 1, 'a'), at(DAY + 2, 'a', { deleted: true }), at(DAY + 3, 'a')];
    expect(shape(groupMessages(messages))).toEqual(['2024-03-10', ['a@1', 'a@2', 'a@3']]);
  });

  it('M-GROUP-5: messages by an unknown author never group, and a malformed clock neither groups nor adds a day', () => {
    const messages = [at(DAY + 1, null), at(DAY + 2, null), { ...at(DAY + 3, 'a'), hlc: 'garbage', label: 'bad' }, at(DAY + 4, 'a')];
    expect(shape(groupMessages(messages))).toEqual(['2024-03-10', ['null@1'], ['null@2'], ['bad'], ['a@4']]);
  });

  it('M-GROUP-6: an empty list has no items', () => {
    expect(groupMessages([])).toEqual([]);
  });

  it('M-GROUP-7: the unread divider goes above the first unread message, which starts a group', () => {
    const messages = [at(DAY + 1, 'a'), at(DAY + 2, 'a'), at(DAY + 3, 'a')];
    expect(shape(groupMessages(messages, { unreadFrom: 1 }))).toEqual(['2024-03-10', ['a@1'], 'unread', ['a@2', 'a@3']]);
    expect(shape(groupMessages(messages, { unreadFrom: 0 }))).toEqual(['2024-03-10', 'unread', ['a@1', 'a@2', 'a@3']]);
    expect(shape(groupMessages(messages, { unreadFrom: -1 }))).toEqual(['2024-03-10', ['a@1', 'a@2', 'a@3']]);
  });

  it('M-GROUP-7: a new day goes above the unread divider', () => {
    const messages = [at(DAY - 60_000, 'a'), at(DAY + 60_000, 'a')];
    expect(shape(groupMessages(messages, { unreadFrom: 1 }))).toEqual(['2024-03-09', ['a@-60000'], '2024-03-10', 'unread', ['a@60000']]);
  });

  it('M-GROUP-3: formats day keys as YYYY-MM-DD', () => {
    expect(dayKeyFormatter('UTC')(Date.UTC(2031, 0, 5, 12))).toBe('2031-01-05');
    expect(() => dayKeyFormatter('Not/AZone')).toThrow(RangeError);
  });
});
