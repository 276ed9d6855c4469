import { describe, expect, it } from 'vitest';
import { promptLine, promptMessage, type PromptState } from '../../components/prompt.js';
import { plainText, segmentsWidth } from '../../components/segments.js';

const BASE: PromptState = {
  text: '',
  description: { kind: 'empty' },
  feedback: undefined,
  feedbackDismissed: false,
  failure: undefined,
};
const FEEDBACK = { ok: false, text: 'rejected: insufficient buying power', at: 1 };

describe('promptMessage', () => {
  it('previews while typing, in the tone describe() gives', () => {
    expect(promptMessage({ ...BASE, text: 'buy 10', description: { kind: 'preview', text: 'BUY 10' } })).toEqual({ text: 'BUY 10', tone: 'preview' });
    expect(promptMessage({ ...BASE, text: 'bu', description: { kind: 'hint', text: 'buy <qty> <symbol>' } })?.tone).toBe('hint');
    expect(promptMessage({ ...BASE, text: 'x', description: { kind: 'error', text: 'unknown command' } })?.tone).toBe('error');
    expect(promptMessage({ ...BASE, text: ' ', description: { kind: 'empty' } })).toBeUndefined();
  });

  it('shows feedback on an empty line until it is dismissed', () => {
    expect(promptMessage({ ...BASE, feedback: FEEDBACK })).toEqual({ text: FEEDBACK.text, tone: 'error' });
    expect(promptMessage({ ...BASE, feedback: { ...FEEDBACK, ok: true } })?.tone).toBe('ok');
    expect(promptMessage({ ...BASE, feedback: FEEDBACK, feedbackDismissed: true })).toBeUndefined();
  });

  it('puts a failed submit above everything else', () => {
    expect(promptMessage({ ...BASE, text: 'buy', description: { kind: 'preview', text: 'BUY' }, failure: 'engine stopped' })).toEqual({
      text: 'engine stopped',
      tone: 'error',
    });
  });
});

describe('promptLine', () => {
  it('is exactly as wide as the terminal, with the message in a steady column', () => {
    for (const width of [80, 100, 200]) {
      const short = promptLine('buy', { text: 'BUY', tone: 'preview' }, width);
      const longer = promptLine('buy 10 AAPL', { text: 'BUY 10 AAPL', tone: 'preview' }, width);
      expect(segmentsWidth(short)).toBe(width);
      expect(segmentsWidth(longer)).toBe(width);
      expect(plainText(short).indexOf('BUY')).toBe(plainText(longer).indexOf('BUY'));
      expect(plainText(short).endsWith('? help ')).toBe(true);
    }
  });

  it('colours errors red and feedback green, and draws the cursor after the text', () => {
    const error = promptLine('x', { text: 'unknown command', tone: 'error' }, 100);
    expect(error.find((s) => s.text.startsWith('unknown command'))?.color).toBe('red');
    expect(promptLine('', { text: 'sent', tone: 'ok' }, 100).find((s) => s.text.startsWith('sent'))?.color).toBe('green');
    const cursor = error.findIndex((s) => s.inverse === true);
    expect(error[cursor - 1]?.text).toBe('x');
  });

  it('keeps the end of an overlong line and stays within the width', () => {
    const text = 'a'.repeat(150) + 'END';
    const line = promptLine(text, { text: 'preview', tone: 'preview' }, 100);
    expect(segmentsWidth(line)).toBeLessThanOrEqual(100);
    expect(plainText(line)).toContain('aEND');
    expect(plainText(line)).toContain('…');
  });

  it('still shows what is wrong beside a line longer than the screen', () => {
    for (const width of [100, 200]) {
      const line = plainText(promptLine(`watch ${'A'.repeat(400)}`, { text: 'line at its maximum of 500 characters', tone: 'warn' }, width));
      expect(line).toMatch(/A +line at its maximum of 500 characters +\? help $/);
      expect(line).toHaveLength(width);
    }
  });
});

describe('the command row beside the prompt', () => {
  it('puts a pending quit first, then a failure, then the answer to the last key', () => {
    const notice = { text: 'no working orders to cancel', tone: 'hint' as const };
    expect(promptMessage({ ...BASE, quitArmed: true, failure: 'x', notice })).toEqual({ text: 'press Ctrl-C again to quit', tone: 'warn' });
    expect(promptMessage({ ...BASE, failure: 'engine stopped', notice })?.text).toBe('engine stopped');
    expect(promptMessage({ ...BASE, text: 'buy', description: { kind: 'preview', text: 'BUY' }, notice })).toEqual(notice);
  });

  it("shows a focused pane's keys, unless there is fresh feedback from one of them", () => {
    expect(promptMessage({ ...BASE, paneHints: 'c cancel' })).toEqual({ text: 'c cancel', tone: 'hint' });
    expect(promptMessage({ ...BASE, paneHints: 'c cancel', feedback: FEEDBACK })?.text).toBe(FEEDBACK.text);
    expect(promptMessage({ ...BASE, paneHints: 'c cancel', feedback: FEEDBACK, feedbackDismissed: true })?.text).toBe('c cancel');
  });

  it('draws no cursor and gives the message the room while a pane has focus', () => {
    const line = promptLine('', { text: 'c cancel  C cancel all', tone: 'hint' }, 100, false);
    expect(segmentsWidth(line)).toBe(100);
    expect(line.some((s) => s.inverse === true)).toBe(false);
    expect(plainText(line).indexOf('c cancel')).toBeLessThan(10);
  });
});

describe('a warning beside the preview', () => {
  const WARNING = '⚠ wash trade: open buy #12';
  const PREVIEW = 'SELL 5 AAPL LIMIT 190.00 DAY  ≈ $950.00';

  it('comes with the preview describe() gives', () => {
    const description = { kind: 'preview' as const, text: PREVIEW, warning: WARNING };
    expect(promptMessage({ ...BASE, text: 'sell 5 AAPL @ 190', description })).toEqual({ text: PREVIEW, tone: 'preview', warning: WARNING });
  });

  it('follows the preview in yellow, two spaces after it', () => {
    const line = promptLine('sell 5 AAPL @ 190', { text: PREVIEW, tone: 'preview', warning: WARNING }, 140);
    expect(segmentsWidth(line)).toBe(140);
    expect(plainText(line)).toContain(`${PREVIEW}  ${WARNING} `);
    expect(line.find((s) => s.text.startsWith(PREVIEW))?.color).toBe('cyan');
    expect(line.find((s) => s.text.startsWith(WARNING))?.color).toBe('yellow');
  });

  it('stays whole on a narrow screen: the preview is cut first, and left out when too little of it would show', () => {
    const cut = plainText(promptLine('sell 5 AAPL @ 190', { text: PREVIEW, tone: 'preview', warning: WARNING }, 100));
    expect(cut).toHaveLength(100);
    expect(cut).toMatch(/ {2}SELL 5 AAPL [^⚠]*…  ⚠ wash trade: open buy #12 *\? help $/);
    const narrow = promptLine('sell 5 AAPL @ 190', { text: PREVIEW, tone: 'preview', warning: WARNING }, 70);
    expect(segmentsWidth(narrow)).toBe(70);
    expect(plainText(narrow)).not.toContain('SELL');
    expect(plainText(narrow)).toMatch(/ {2}⚠ wash trade: open buy #12 *\? help $/);
  });
});
