import { describe, expect, it } from 'vitest';
import { formatHlc } from '#model/hlc.ts';
import { emptyConversation, type Conversation } from '#model/inbox.ts';
import { withLocalRead } from './local-read.ts';

const at = (wallMs: number, node: string) => formatHlc({ wallMs, counter: 0, node });
const NEWEST = at(1_700_000_000_100, 'bob');

function entry(fields: Partial<Conversation>): Conversation {
  return { ...emptyConversation('c1'), preview: { author: 'bob', text: 'Landed', hlc: NEWEST }, unread: 2, mentions: 1, ...fields };
}

describe('counts after a read on this device', () => {
  it('has nothing unread once the read marker reached the newest message', () => {
    expect(withLocalRead(entry({ readMarker: NEWEST }))).toMatchObject({ unread: 0, mentions: 0 });
    expect(withLocalRead(entry({ readMarker: at(1_700_000_000_200, 'alice') }))).toMatchObject({ unread: 0, mentions: 0 });
  });

  it("keeps the relay's counts while the marker is behind the newest message, or there is none", () => {
    expect(withLocalRead(entry({ readMarker: at(1_700_000_000_050, 'bob') }))).toMatchObject({ unread: 2, mentions: 1 });
    expect(withLocalRead(entry({ readMarker: null }))).toMatchObject({ unread: 2, mentions: 1 });
    expect(withLocalRead(entry({ readMarker: NEWEST, preview: null }))).toMatchObject({ unread: 2, mentions: 1 });
  });

  it('returns an entry with nothing to clear as it is', () => {
    const read = entry({ unread: 0, mentions: 0, readMarker: NEWEST });
    expect(withLocalRead(read)).toBe(read);
  });
});
