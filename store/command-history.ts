import { createRedactor, type Redactor } from '../src/kernel/redact.js';
import { COMMAND_HISTORY_LIMIT } from '../src/persistence/history-store.js';

/**
 * Words that suggest a credential even where the redactor finds no `name=value` to replace
 * (`set api_key xyz`). The command language has none today; a line that ever carries one is not kept.
 */
const SECRET_WORD = /secret|password|passwd|token|api[-_]?key|apca/i;

/** The command lines the trader typed, oldest first, for ↑/↓ and across restarts. */
export interface CommandHistory {
  entries(): readonly string[];
  /** Records a line; a repeat of the newest entry and anything that carries a secret are not. */
  add(line: string): void;
}

/**
 * A line that carries a secret (one the redactor would change: a configured key's value, a
 * `key=…`) is dropped, not kept redacted. ↑ would bring back `halt [redacted]` and Enter would send
 * it as if the trader had typed it; a line missing from the history surprises no one.
 */
function mayRemember(line: string, redact: Redactor): boolean {
  return line.trim() !== '' && !SECRET_WORD.test(line) && redact(line) === line;
}

/**
 * A history starting from `initial` (bounded and cleaned); `onChange` receives every new list, e.g.
 * to save it. `redact` is the redaction every sink shares (built from the configured keys); without
 * it, credential shapes are still caught.
 */
export function createCommandHistory(
  initial: readonly string[] = [],
  onChange: (entries: readonly string[]) => void = () => {},
  redact: Redactor = createRedactor([]),
): CommandHistory {
  const remembered = initial.filter((line) => mayRemember(line, redact));
  let entries: readonly string[] = remembered.slice(-COMMAND_HISTORY_LIMIT);
  // A file kept by an older Blotter, or before a key was configured, may hold a secret: it is
  // rewritten without it now rather than at the next command.
  if (remembered.length < initial.length) onChange(entries);
  return {
    entries: () => entries,
    add(line) {
      const trimmed = line.trim();
      if (!mayRemember(trimmed, redact) || entries.at(-1) === trimmed) return;
      entries = [...entries, trimmed].slice(-COMMAND_HISTORY_LIMIT);
      onChange(entries);
    },
  };
}
