export interface LineEdit {
  readonly buffer: string;
  /** Lines completed by Enter inside the chunk, in order; empty lines are dropped. */
  readonly submitted: readonly string[];
}

const ENTER = new Set(['\r', '\n']);
const BACKSPACE = new Set(['\x7f', '\b']);

function isPrintable(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code <= 0x9f);
}

/**
 * Applies one chunk of typed input. A chunk is often several keys at once (fast typing, a paste,
 * tmux send-keys): Ink hands them over as one string with Enter and Backspace inside, so the chunk
 * is walked character by character. The buffer is cleared at each Enter, which is what keeps a
 * second Enter in the same chunk from sending the same line again.
 */
export function editLine(buffer: string, chunk: string): LineEdit {
  let chars = Array.from(buffer);
  const submitted: string[] = [];
  for (const char of chunk) {
    if (ENTER.has(char)) {
      const line = chars.join('').trim();
      if (line !== '') submitted.push(line);
      chars = [];
    } else if (BACKSPACE.has(char)) {
      chars = chars.slice(0, -1);
    } else if (isPrintable(char)) {
      chars.push(char);
    }
  }
  return { buffer: chars.join(''), submitted };
}

export function backspace(buffer: string): string {
  return Array.from(buffer).slice(0, -1).join('');
}
