import { describe, expect, it } from 'vitest';
import { progressBar, progressLine } from '../../../src/app/backtest-render/progress-bar.js';

describe('progressLine', () => {
  it('fills the bar by the share of bars done', () => {
    expect(progressLine('GOOG', 0, 2148)).toBe('GOOG  [░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░]   0%  0/2,148 bars');
    expect(progressLine('GOOG', 730, 2148)).toBe('GOOG  [██████████░░░░░░░░░░░░░░░░░░░░]  33%  730/2,148 bars');
    expect(progressLine('GOOG', 2148, 2148)).toBe('GOOG  [██████████████████████████████] 100%  2,148/2,148 bars');
  });

  it('shows an empty run as done', () => {
    expect(progressLine('X', 0, 0)).toBe('X  [██████████████████████████████] 100%  0/0 bars');
  });
});

describe('progressBar', () => {
  it('redraws one line in place and clears it when the run is done, so the report starts on a clean line', () => {
    let written = '';
    const bar = progressBar({ write: (text: string) => (written += text) }, 'GOOG');
    bar.update(1, 2);
    bar.update(2, 2);
    bar.finish();
    expect(written.split('\r\u001b[K')).toEqual(['', progressLine('GOOG', 1, 2), progressLine('GOOG', 2, 2), '']);
    expect(written).not.toContain('\n');
  });

  it('writes nothing when the run reported no progress', () => {
    let written = '';
    progressBar({ write: (text: string) => (written += text) }, 'GOOG').finish();
    expect(written).toBe('');
  });
});
