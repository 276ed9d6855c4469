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
  it('says how many orders are working and what each key does, in the terminal width', () => {
    const asking = plainText(quitLine({ step: 'ask' }, 1, 100));
    expect(asking).toMatch(/^ QUIT {2}1 working order: {2}l leave it working · c cancel, then quit · Esc stay/);
    expect(segmentsWidth(quitLine({ step: 'ask' }, 3, 100))).toBe(100);
    expect(plainText(quitLine({ step: 'cancelling' }, 2, 120))).toContain('cancelling 2 working orders…');
  });
});
