/** Backspace: removes the last character, a whole one even when it is a surrogate pair (an emoji). */
export function backspace(text: string): string {
  return Array.from(text).slice(0, -1).join('');
}

/** Ctrl-W: removes the last word and the spaces after it, as a shell does (`buy 10 ` → `buy `). */
export function deleteWord(text: string): string {
  return text.replace(/\S*\s*$/, '');
}
