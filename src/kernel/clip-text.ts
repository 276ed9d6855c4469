const ELLIPSIS = '…';

/** How many UTF-16 units the character at `i` takes: an emoji (a surrogate pair) is one character. */
function unitsAt(text: string, i: number): number {
  return (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
}

/** Characters as the trader counts them: an emoji is one, not two UTF-16 units. */
export function characterCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += unitsAt(text, i)) count++;
  return count;
}

/**
 * `text` cut to at most `max` characters, the last of them `…` when anything was cut. Characters as
 * the trader counts them: an emoji is one, and is never cut in half.
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let count = 0;
  let cut = 0;
  for (let i = 0; i < text.length; i += unitsAt(text, i)) {
    count++;
    if (count === max) cut = i;
    if (count > max) return `${text.slice(0, cut)}${ELLIPSIS}`;
  }
  return text;
}
