// The emoji the reaction picker offers, from Emojibase's dataset (emojibase-data, MIT): its
// categories in Unicode's order, and a search by name, keyword and emoticon; no emoji newer than
// this device's fonts draw. The data (96 KB gzipped) is loaded only when the picker first opens;
// the service worker keeps it for offline use.

/** What the picker reads of an entry of the dataset's compact.json. */
export interface DatasetEmoji {
  unicode: string;
  hexcode?: string;
  label: string;
  /** Undefined for the regional indicator letters, which are no emoji by themselves. */
  group?: number;
  order?: number;
  tags?: readonly string[];
  emoticon?: string | readonly string[];
}

/** What it reads of the dataset's messages.json: its groups' names. */
export interface DatasetMessages {
  groups: readonly { key: string; message: string; order: number }[];
}

/** The dataset's versions/emoji.json: each Emoji version ("15.1") with the hexcodes it added. */
export type DatasetVersions = Readonly<Record<string, readonly string[]>>;

/** Emoji versions older than this are drawn everywhere Parley runs; newer ones are tested. */
const TESTED_FROM = 11;

export interface PickerEmoji {
  emoji: string;
  /** Its name in the dataset ("party popper"), lower case. */
  label: string;
  /** Keywords ("celebrate", "tada"). */
  tags: readonly string[];
  emoticons: readonly string[];
}

export interface EmojiCategory {
  /** The dataset's name of its group ("food-drink"). */
  key: string;
  /** "Food & drink". */
  label: string;
  /** The emoji that stands for it on its tab. */
  icon: string;
  emoji: PickerEmoji[];
}

export interface EmojiData {
  categories: EmojiCategory[];
  /** Every emoji, in the dataset's order, by character. */
  byEmoji: ReadonlyMap<string, PickerEmoji>;
}

/** Each group's emoji on its tab; the group of skin tone and hair components has no tab. */
const CATEGORY_ICONS: Readonly<Record<string, string>> = {
  'smileys-emotion': '😀',
  'people-body': '👋',
  'animals-nature': '🐻',
  'food-drink': '🍔',
  'travel-places': '✈️',
  activities: '⚽',
  objects: '💡',
  symbols: '🔣',
  flags: '🏁',
};

/**
 * One spelling per emoji: the dataset writes some with the emoji variation selector (👍 + U+FE0F)
 * that a character drawn as emoji anyway does not need, and a reaction stored both ways would
 * show as two.
 */
export function normalizeEmoji(emoji: string): string {
  return emoji.replace(/^(\p{Emoji_Presentation})\uFE0F$/u, '$1');
}

/** The Emoji version of each hexcode. */
function versionOf(versions: DatasetVersions): Map<string, number> {
  const byHexcode = new Map<string, number>();
  for (const [version, hexcodes] of Object.entries(versions)) for (const hexcode of hexcodes) byHexcode.set(hexcode, Number(version));
  return byHexcode;
}

/** One emoji of each version from TESTED_FROM on, the newest version first: what to try drawing. */
export function versionSamples(data: readonly DatasetEmoji[], versions: DatasetVersions): { version: number; emoji: string }[] {
  const byHexcode = versionOf(versions);
  const samples = new Map<number, string>();
  for (const entry of [...data].sort((a, b) => (a.order ?? 0) - (b.order ?? 0))) {
    const version = entry.hexcode === undefined ? undefined : byHexcode.get(entry.hexcode);
    if (version !== undefined && version >= TESTED_FROM && entry.group !== undefined && !samples.has(version))
      samples.set(version, entry.unicode);
  }
  return [...samples].map(([version, emoji]) => ({ version, emoji })).sort((a, b) => b.version - a.version);
}

/** The newest version whose sample `draws`; below every sample when none does. */
export function newestDrawn(samples: readonly { version: number; emoji: string }[], draws: (emoji: string) => boolean): number {
  return samples.find(({ emoji }) => draws(emoji))?.version ?? TESTED_FROM - 1;
}

/**
 * Whether this browser's fonts draw `emoji` as one emoji: not the empty box of a character no font
 * has, nor, for a sequence, its parts side by side. (Drawn on a canvas, as emoji-mart does.)
 */
export function drawsAsOneEmoji(emoji: string): boolean {
  const context = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
  if (!context) return true;
  const size = 32;
  context.canvas.width = context.canvas.height = size * 2;
  context.font = `${size}px sans-serif`;
  context.textBaseline = 'top';
  if (context.measureText(emoji).width > context.measureText('😀').width * 1.5) return false;
  const pixels = (text: string) => {
    context.clearRect(0, 0, size * 2, size * 2);
    context.fillText(text, 0, 0);
    return context.getImageData(0, 0, size * 2, size * 2).data;
  };
  const drawn = pixels(emoji);
  // A private-use character no font has: what a missing glyph looks like here.
  const missing = pixels('\u{10FFFD}');
  return drawn.some((value, index) => value !== missing[index]);
}

/** The picker's categories and lookup from the dataset and its English group names, up to the version this device draws. */
export function fromDataset(
  data: readonly DatasetEmoji[],
  messages: DatasetMessages,
  versions: DatasetVersions = {},
  drawnUpTo = Infinity,
): EmojiData {
  const byHexcode = versionOf(versions);
  const categories: EmojiCategory[] = [];
  const byGroup = new Map<number, EmojiCategory>();
  for (const group of [...messages.groups].sort((a, b) => a.order - b.order)) {
    const icon = CATEGORY_ICONS[group.key];
    if (!icon) continue;
    const category = { key: group.key, label: group.message.charAt(0).toUpperCase() + group.message.slice(1), icon, emoji: [] };
    categories.push(category);
    byGroup.set(group.order, category);
  }
  const byEmoji = new Map<string, PickerEmoji>();
  for (const entry of [...data].sort((a, b) => (a.order ?? 0) - (b.order ?? 0))) {
    const category = entry.group === undefined ? undefined : byGroup.get(entry.group);
    if (!category || (byHexcode.get(entry.hexcode ?? '') ?? 0) > drawnUpTo) continue;
    const emoticon = entry.emoticon ?? [];
    const emoji: PickerEmoji = {
      emoji: normalizeEmoji(entry.unicode),
      label: entry.label.toLowerCase(),
      tags: entry.tags ?? [],
      emoticons: typeof emoticon === 'string' ? [emoticon] : emoticon,
    };
    // Listed once, should the dataset spell one emoji two ways.
    if (byEmoji.has(emoji.emoji)) continue;
    category.emoji.push(emoji);
    byEmoji.set(emoji.emoji, emoji);
  }
  return { categories, byEmoji };
}

let loading: Promise<EmojiData> | undefined;

/** The dataset, loaded once, when first asked for. */
export function loadEmoji(): Promise<EmojiData> {
  loading ??= Promise.all([
    import('emojibase-data/en/compact.json', { with: { type: 'json' } }),
    import('emojibase-data/en/messages.json', { with: { type: 'json' } }),
    import('emojibase-data/versions/emoji.json', { with: { type: 'json' } }),
  ]).then(([data, messages, versions]) =>
    fromDataset(
      data.default,
      messages.default,
      versions.default,
      newestDrawn(versionSamples(data.default, versions.default), drawsAsOneEmoji),
    ),
  );
  // A failed load (offline before the service worker kept it) is tried again next time.
  loading.catch(() => (loading = undefined));
  return loading;
}

/** How well `emoji` matches the words of `query`, lower is better; undefined for no match. */
function rank(emoji: PickerEmoji, query: string, words: readonly string[]): number | undefined {
  if (emoji.emoticons.includes(query) || emoji.label === query) return 0;
  const labelWords = emoji.label.split(/[\s:,-]+/);
  const matches = (word: string) => labelWords.some((part) => part.startsWith(word)) || emoji.tags.some((tag) => tag.startsWith(word));
  if (!words.every(matches)) return undefined;
  if (emoji.label.startsWith(query)) return 1;
  if (words.every((word) => labelWords.some((part) => part.startsWith(word)))) return 2;
  if (emoji.tags.includes(query)) return 3;
  return 4;
}

/** The emoji whose name, keywords or emoticon match `query`, best first, then in the dataset's order. */
export function searchEmoji(all: Iterable<PickerEmoji>, query: string, limit = 120): PickerEmoji[] {
  const trimmed = query.trim().toLowerCase();
  if (!trimmed) return [];
  const words = trimmed.split(/\s+/);
  const ranked: { emoji: PickerEmoji; rank: number; index: number }[] = [];
  let index = 0;
  for (const emoji of all) {
    const score = rank(emoji, trimmed, words);
    if (score !== undefined) ranked.push({ emoji, rank: score, index });
    index++;
  }
  return ranked
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, limit)
    .map(({ emoji }) => emoji);
}
