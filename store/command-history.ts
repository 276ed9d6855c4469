import { COMMAND_HISTORY_LIMIT } from '../src/persistence/history-store.js';

/**
 * Words that suggest a credential. The command language has none today, but a line that ever carries
 * one must not end up in a file on disk or be shown again by ↑.
 */
const SECRET = /secret|password|passwd|token|api[-_]?key|apca/i;

/** The command lines the trader typed, oldest first, for ↑/↓ and across restarts. */
export interface CommandHistory {
  entries(): readonly string[];
  /** Records a line; a repeat of the newest entry and anything that looks like a secret are not. */
  add(line: string): void;
}

export function mayRemember(line: string): boolean {
  return line.trim() !== '' && !SECRET.test(line);
}

/** A history starting from `initial` (bounded and cleaned); `onChange` receives every new list, e.g. to save it. */
export function createCommandHistory(
  initial: readonly string[] = [],
  onChange: (entries: readonly string[]) => void = () => {},
): CommandHistory {
  let entries: readonly string[] = initial.filter(mayRemember).slice(-COMMAND_HISTORY_LIMIT);
  return {
    entries: () => entries,
    add(line) {
      const trimmed = line.trim();
      if (!mayRemember(trimmed) || entries.at(-1) === trimmed) return;
      entries = [...entries, trimmed].slice(-COMMAND_HISTORY_LIMIT);
      onChange(entries);
    },
  };
}
