import { describe, expect, it } from 'vitest';
import { ECHO_LENGTH, MAX_LINE_LENGTH, echo, lineLengthProblem } from '../../src/command/clip.js';
import { characterCount, clipText as clip } from '../../src/kernel/clip-text.js';
import { describeInput } from '../../src/command/describe-input.js';
import { errorOf } from './helpers.js';

const junk = (length: number): string => 'x'.repeat(length);

describe('clip and echo', () => {
  it('keeps short text whole and cuts long text to the maximum, the last character an ellipsis', () => {
    expect(clip('buy 10 AAPL', 11)).toBe('buy 10 AAPL');
    expect(clip('buy 10 AAPL', 10)).toBe('buy 10 AA…');
    expect(clip('buy 10 AAPL', 10)).toHaveLength(10);
  });

  it('counts and cuts whole characters, never half an emoji', () => {
    expect(characterCount('a😀b')).toBe(3);
    expect(clip('😀😀😀😀', 3)).toBe('😀😀…');
  });

  it('echoes at most ECHO_LENGTH characters, with control characters made harmless', () => {
    expect(echo(junk(50_000))).toBe(`${junk(ECHO_LENGTH - 1)}…`);
    expect(echo('buy\x1b[2J 10')).toBe('buy?[2J 10');
  });
});

describe('the longest command line', () => {
  it('takes a line of exactly MAX_LINE_LENGTH characters and refuses one more, echoing only its start', () => {
    const longest = `halt ${junk(MAX_LINE_LENGTH - 5)}`;
    expect(lineLengthProblem(longest)).toBeUndefined();
    expect(lineLengthProblem(`${longest}x`)).toBe(
      `line is 501 characters; a command is at most 500, so nothing was sent: 'halt ${junk(ECHO_LENGTH - 6)}…'`,
    );
  });

  it('refuses a huge line in one short line, never quoting it whole', () => {
    const error = errorOf(`buy 1 AAPL ${junk(50_000)}`);
    expect(error).toMatch(/^line is 50,011 characters; a command is at most 500, so nothing was sent: 'buy 1 AAPL x+…'$/);
    expect(error.length).toBeLessThan(120);
  });

  it('counts characters, not UTF-16 units: 500 emoji are a line that fits', () => {
    expect(lineLengthProblem('😀'.repeat(MAX_LINE_LENGTH))).toBeUndefined();
    expect(lineLengthProblem('😀'.repeat(MAX_LINE_LENGTH + 1))).toMatch(/^line is 501 characters/);
  });

  it('is what the live preview says too', () => {
    expect(describeInput(`watch ${junk(600)}`)).toEqual({ kind: 'error', text: expect.stringMatching(/^line is 606 characters/) });
  });
});

describe('words quoted back in errors', () => {
  const word = junk(400);
  const clipped = `'${junk(ECHO_LENGTH - 1)}…'`;

  it.each([
    ['an unknown command', word],
    ['an unknown word after an order', `buy 10 AAPL ${word}`],
    ['a bad quantity', `buy ${word}z AAPL`],
    ['a bad symbol', `buy 10 ${word}`],
    ['a bad order reference', `cancel #${word}`],
    ['a word a command does not take', `resume ${word}`],
    ['a bad replace word', `replace #1 ${word} 5`],
    ['a bad watch symbol', `watch ${word}`],
    ['a bad timeout', `buy 10 AAPL ttl 5${word}`],
    ['a bad partial-fill policy', `buy 10 AAPL partial ${word}`],
  ])('clips %s', (_name, line) => {
    const error = errorOf(line);
    expect(error).not.toContain(junk(ECHO_LENGTH));
    expect(error.length).toBeLessThan(300);
  });

  it('still says what was wrong and what would be right', () => {
    expect(errorOf(`buy 10 AAPL ${word}`)).toBe(
      `unknown word ${clipped}; after the symbol come @ PRICE, stop PRICE, trail N|N%, a time in force (day gtc ioc fok opg cls), ttl 30s, tp PRICE, sl PRICE or partial keep|cancel, e.g. buy 10 AAPL @ 187 gtc`,
    );
    expect(errorOf(word)).toMatch(new RegExp(`^unknown command ${clipped}; commands are buy, sell`));
  });
});
