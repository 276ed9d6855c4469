import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { BlotterError } from '../domain/errors.js';
import { errorText } from '../core/engine.js';
import { parseDuration } from './duration.js';

export class ScriptError extends BlotterError {}

/** Lines of a script, as they come: a whole file at once, or standard input as it is typed or piped. */
export type ScriptLines = Iterable<string> | AsyncIterable<string>;

/**
 * Opens a script: `-` reads `stdin` line by line (commands run as their lines arrive), anything
 * else is a file read whole, so a missing or unreadable file is refused before a session opens.
 * Aborting `signal` ends standard input's lines, so an interrupted run stops waiting for more.
 */
export async function openScript(path: string, stdin: Readable, signal?: AbortSignal): Promise<ScriptLines> {
  if (path === '-') return inputLines(stdin, signal);
  try {
    return (await readFile(path, 'utf8')).split(/\r?\n/);
  } catch (error) {
    throw new ScriptError(`cannot read the script ${path}: ${errorText(error)}`);
  }
}

function inputLines(input: Readable, signal: AbortSignal | undefined): AsyncIterable<string> {
  const reader = createInterface({ input, crlfDelay: Infinity });
  // Taken now, not when the run starts reading: readline drops lines (and its end) that arrive
  // before anyone iterates, and the session takes a moment to open.
  const lines = reader[Symbol.asyncIterator]();
  signal?.addEventListener('abort', () => reader.close(), { once: true });
  return (async function* () {
    try {
      yield* { [Symbol.asyncIterator]: () => lines };
    } finally {
      // A run that stops early (quit) lets go of the input, or the process would wait on it.
      reader.close();
    }
  })();
}

/**
 * A line's meaning to the runner. Only whole lines are comments: `#` inside a line is an order
 * reference (`cancel #12`).
 */
export type ScriptStep =
  | { readonly kind: 'skip' }
  | { readonly kind: 'wait'; readonly ms: number }
  | { readonly kind: 'bad-wait' }
  | { readonly kind: 'command'; readonly text: string };

export function readStep(line: string): ScriptStep {
  const text = line.trim();
  if (text === '' || text.startsWith('#')) return { kind: 'skip' };
  const wait = /^wait(?:\s+(.*))?$/i.exec(text);
  if (wait === null) return { kind: 'command', text };
  const ms = parseDuration(wait[1] ?? '');
  return ms === undefined ? { kind: 'bad-wait' } : { kind: 'wait', ms };
}
