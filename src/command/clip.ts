import { characterCount, clipText } from '../kernel/clip-text.js';

/**
 * Longest command line, in characters. The longest useful line is well under it: an order with
 * every modifier (`sell 123456.123456789 BRK.B stop 1234.5678 @ 1234.5678 gtc ttl 24h tp 1234.5678
 * sl 1234.5678 partial cancel`) is about 110, `halt` with its longest reason about 205, `watch` with
 * all 33 of the simulator's symbols about 170. Anything longer is a paste gone wrong, and echoing it
 * whole is what made a run of 2,000 such lines take gigabytes.
 */
export const MAX_LINE_LENGTH = 500;

/**
 * Longest answer to one command, in characters. The longest answer written on purpose, a halt
 * refusal quoting a 200-character reason, is about 290; a few thousand answers then stay well under
 * a megabyte in a report or a log.
 */
export const MAX_ANSWER_LENGTH = 300;

/** How much of a refused line, or of a word quoted in an error, is echoed back. */
export const ECHO_LENGTH = 40;

// A control character echoed to a terminal could be half of an escape sequence.
const CONTROL = /\p{Cc}/gu;

/** Something the trader typed, made safe to quote back: clipped short, control characters shown as `?`. */
export function echo(text: string, max = ECHO_LENGTH): string {
  return clipText(text, max).replace(CONTROL, '?');
}

/** The one-line refusal of a line over MAX_LINE_LENGTH; undefined for a line within it. */
export function lineLengthProblem(line: string): string | undefined {
  if (line.length <= MAX_LINE_LENGTH) return undefined;
  const length = characterCount(line);
  if (length <= MAX_LINE_LENGTH) return undefined;
  return (
    `line is ${length.toLocaleString('en-US')} characters; a command is at most ${MAX_LINE_LENGTH}, ` +
    `so nothing was sent: '${echo(line)}'`
  );
}
