import { open, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { BlotterError } from '../domain/errors.js';
import { echo, lineLengthProblem } from '../command/clip.js';
import { errorText } from '../core/engine.js';
import { parseDuration } from './duration.js';

export class ScriptError extends BlotterError {}

/** Lines of a script, as they come: a file or standard input read as the run goes, or a list. */
export type ScriptLines = Iterable<string> | AsyncIterable<string>;

/**
 * Opens a script: `-` reads `stdin` line by line (commands run as their lines arrive), anything
 * else is a file opened now, so a missing or unreadable file is refused before a session opens, and
 * read line by line as the run goes: a huge file is never held whole.
 * Aborting `signal` ends the lines, so an interrupted run stops waiting for more.
 */
export async function openScript(path: string, stdin: Readable, signal?: AbortSignal): Promise<ScriptLines> {
  if (path === '-') return inputLines(stdin, signal);
  let file: FileHandle | undefined;
  try {
    file = await open(path, 'r');
    // A directory opens, and only fails once read: refused here with the others.
    if ((await file.stat()).isDirectory()) throw new Error('it is a directory');
  } catch (error) {
    await file?.close();
    throw new ScriptError(`cannot read the script ${path}: ${errorText(error)}`);
  }
  const stream = file.createReadStream({ encoding: 'utf8' });
  return inputLines(stream, signal, () => stream.destroy());
}

/** `release` lets go of the input once the run stops reading, early (quit) or at its end. */
function inputLines(input: Readable, signal: AbortSignal | undefined, release?: () => void): AsyncIterable<string> {
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
      release?.();
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
  | { readonly kind: 'command'; readonly text: string }
  /** A line too long to be a command: `line` is its clipped start, never the whole of it. */
  | { readonly kind: 'refused'; readonly line: string; readonly reason: string };

export function readStep(line: string): ScriptStep {
  const text = line.trim();
  if (text === '' || text.startsWith('#')) return { kind: 'skip' };
  const tooLong = lineLengthProblem(text);
  if (tooLong !== undefined) return { kind: 'refused', line: echo(text), reason: tooLong };
  const wait = /^wait(?:\s+(.*))?$/i.exec(text);
  if (wait === null) return { kind: 'command', text };
  const ms = parseDuration(wait[1] ?? '');
  return ms === undefined ? { kind: 'bad-wait' } : { kind: 'wait', ms };
}
