import { describe, expect, it } from 'vitest';
import { confirmLine } from '../../components/ConfirmBar.js';
import { quitLine } from '../../components/QuitPrompt.js';
import { plainText, segmentsWidth } from '../../components/segments.js';

describe('the confirmation row', () => {
  it('is exactly as wide as the terminal and keeps the command whole before the reason', () => {
    const confirm = { command: 'flatten AAPL', reason: 'cancels AAPL orders, closes +20 AAPL at market' };
    for (const width of [80, 100, 200]) {
      const line = confirmLine(confirm, width);
      expect(segmentsWidth(line)).toBe(width);
      expect(plainText(line)).toContain('flatten AAPL');
      expect(plainText(line)).toMatch(/y: send {2}other: don't $/);
    }
    expect(plainText(confirmLine(confirm, 80))).toContain('…');
    expect(plainText(confirmLine(confirm, 200))).toContain('closes +20 AAPL at market');
  });
});

describe('the quit row', () => {
  const counts = (left: number, strategies = 0, working = left) => ({ left, working, strategies });

  it('says how many orders are working and what each key does, in the terminal width', () => {
    const asking = plainText(quitLine({ step: 'ask' }, counts(1), 100));
    expect(asking).toMatch(/^ QUIT {2}1 working order: {2}l leave it working · c cancel, then quit · Esc stay/);
    expect(segmentsWidth(quitLine({ step: 'ask' }, counts(3), 100))).toBe(100);
    expect(plainText(quitLine({ step: 'cancelling' }, counts(2), 120))).toContain('cancelling 2 working orders…');
  });

  it('with strategies running and none of the trader’s orders working, asks y/n, saying they will be stopped', () => {
    expect(plainText(quitLine({ step: 'confirm' }, counts(0, 2, 3), 120))).toMatch(
      /^ QUIT {2}2 strategies running: they will be stopped \(their working orders cancelled\) — quit\? y\/n +$/,
    );
    expect(plainText(quitLine({ step: 'confirm' }, counts(0, 1), 120))).toContain('1 strategy running: it will be stopped (its working orders cancelled)');
  });

  it('with both, counts only the orders a quit would leave working, and all three keys fit at 100 columns', () => {
    const asking = plainText(quitLine({ step: 'ask' }, counts(1, 2, 4), 100));
    expect(asking).toMatch(/^ QUIT {2}2 strategies stop · 1 other order working: {2}l leave it · c cancel, then quit · Esc stay *$/);
    expect(plainText(quitLine({ step: 'cancelling' }, counts(1, 2, 4), 120))).toContain('cancelling 4 working orders…');
  });
});
