import { describe, expect, it } from 'vitest';
import { smaCross } from '../../../src/strategy/builtins/sma-cross.js';
import { resolveStrategyParams } from '../../../src/strategy/params.js';
import { runStrategy, summary } from '../strategy-harness.js';

/**
 * fast=2, slow=3, worked by hand (bar: close, fast, slow):
 * 0:10 · 1:9 9.5 · 2:8 8.5 9 · 3:9 8.5 8.67 · 4:11 10 9.33 (cross up) · 5:12 11.5 10.67 ·
 * 6:11 11.5 11.33 · 7:9 10 10.67 (cross down) · 8:8 8.5 9.33 · 9:10 9 9 (touch) · 10:12 11 10.
 * Bar 10 is no cross: at bar 9 fast equalled slow rather than being below it.
 */
const CLOSES = [10, 9, 8, 9, 11, 12, 11, 9, 8, 10, 12];

describe('sma-cross', () => {
  it('goes long on the cross up and flat on the cross down, at exactly those bars', () => {
    expect(summary(runStrategy(smaCross, ['fast=2', 'slow=3', 'size=10'], { close: CLOSES }))).toEqual(['4 target long 10', '7 close']);
  });

  it('goes short on the cross down with mode=reverse', () => {
    expect(summary(runStrategy(smaCross, ['fast=2', 'slow=3', 'size=10', 'mode=reverse'], { close: CLOSES }))).toEqual([
      '4 target long 10',
      '7 target short 10',
    ]);
  });

  it('takes no cross from averages that touched instead of being strictly below', () => {
    const signals = runStrategy(smaCross, ['fast=2', 'slow=3'], { close: CLOSES }).map((s) => s.bar);
    expect(signals).not.toContain(9);
    expect(signals).not.toContain(10);
  });

  it('says nothing until both averages exist at the bar before and the bar itself', () => {
    // fast is above slow from bar 2, the first bar slow exists: no cross, since bar 1 had no slow.
    expect(runStrategy(smaCross, ['fast=2', 'slow=3'], { close: [1, 5, 9, 9, 9] })).toEqual([]);
  });

  it('passes size=all on for the executor to size', () => {
    const [first] = runStrategy(smaCross, ['fast=2', 'slow=3', 'size=all'], { close: CLOSES });
    expect(first?.intent).toMatchObject({ kind: 'target', direction: 'long', size: 'all' });
  });

  it('warms up from history without trading on crosses that happened in it', () => {
    expect(summary(runStrategy(smaCross, ['fast=2', 'slow=3', 'size=10'], { close: CLOSES }, { history: 6 }))).toEqual(['7 close']);
  });

  it('signals on a bar the same whether or not later bars exist', () => {
    const full = runStrategy(smaCross, ['fast=2', 'slow=3'], { close: CLOSES });
    for (let k = 1; k <= CLOSES.length; k++) {
      const prefix = runStrategy(smaCross, ['fast=2', 'slow=3'], { close: CLOSES.slice(0, k) });
      expect(prefix).toEqual(full.filter((s) => s.bar < k));
    }
  });

  it('refuses fast not below slow, and needs slow + 1 bars to warm up', () => {
    const reading = resolveStrategyParams(smaCross, ['fast=20', 'slow=20']);
    expect(reading).toEqual({ ok: false, problem: 'fast (20) must be below slow (20)' });
    const defaults = resolveStrategyParams(smaCross, []);
    expect(defaults.ok && smaCross.warmUpBars(defaults.values)).toBe(21);
  });
});
