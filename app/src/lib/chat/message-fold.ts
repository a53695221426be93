// When a message folds behind "Show more": by how tall its text is drawn, not how many characters
// it has, so one long paragraph and a column of short lines fold alike, at any width.

/** A folded message shows this many lines of its text. */
export const FOLD_LINES = 16;

/** Whether text drawn `height` pixels tall, with lines `lineHeight` pixels apart, is taller than the fold. */
export function foldsAway(height: number, lineHeight: number): boolean {
  // A pixel of slack: heights are fractional, and text exactly FOLD_LINES lines tall fits.
  return height > FOLD_LINES * lineHeight + 1;
}
