import type { Key } from 'ink';
import type { KeyName } from './key-bindings.js';

/** Ink's flags for the keys it recognises, in the order they are checked. */
const NAMED: ReadonlyArray<readonly [keyof Key, KeyName]> = [
  ['upArrow', 'up'],
  ['downArrow', 'down'],
  ['leftArrow', 'left'],
  ['rightArrow', 'right'],
  ['pageUp', 'pageup'],
  ['pageDown', 'pagedown'],
  ['home', 'home'],
  ['end', 'end'],
  ['return', 'enter'],
  ['escape', 'escape'],
  // tmux and many terminals send DEL for Backspace, which Ink reports as `delete`.
  ['backspace', 'backspace'],
  ['delete', 'backspace'],
];

function charKey(char: string): KeyName | undefined {
  if (char === '\r' || char === '\n') return 'enter';
  if (char === '\t') return 'tab';
  if (char === '\x7f' || char === '\b') return 'backspace';
  const code = char.codePointAt(0) ?? 0;
  // Ctrl-A … Ctrl-Z arrive as 0x01 … 0x1a.
  if (code >= 0x01 && code <= 0x1a) return `ctrl-${String.fromCharCode(code + 0x60)}`;
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f)) return undefined;
  return char;
}

/**
 * The keys in one of Ink's input events. Ink hands over a run of plain characters as one string
 * (a paste, fast typing, tmux send-keys), with Enter, Tab and Backspace inside it unflagged, so
 * such a run is walked character by character; escape sequences (arrows, Esc) come one per event.
 */
export function keystrokes(input: string, key: Key): KeyName[] {
  if (key.tab) return [key.shift ? 'shift-tab' : 'tab'];
  for (const [flag, name] of NAMED) if (key[flag] === true) return [name];
  if (key.ctrl) return input.length === 1 ? [`ctrl-${input.toLowerCase()}`] : [];
  // Alt-combinations (ESC + a key) mean nothing here; typing them would insert a stray letter.
  if (key.meta) return [];
  const keys: KeyName[] = [];
  for (const char of input) {
    const name = charKey(char);
    if (name !== undefined) keys.push(name);
  }
  return keys;
}
