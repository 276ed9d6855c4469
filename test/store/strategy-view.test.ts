import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { keepUnchanged, strategyViews } from '../../store/strategy-view.js';
import { strategyRow } from '../components/fixtures.js';

describe('what the strategies pane shows of each instance', () => {
  it('adds realized and unrealized P&L, and keeps realized alone, marked, while the position has no price', () => {
    const [priced, unpriced] = strategyViews([
      strategyRow({ realized: dec('12.40'), unrealized: dec('-2.15') }),
      strategyRow({ id: 'sma2', realized: dec('12.40'), unrealized: undefined }),
    ]);
    expect([priced?.pnl.toString(), priced?.realizedOnly]).toEqual(['10.25', false]);
    expect([unpriced?.pnl.toString(), unpriced?.realizedOnly]).toEqual(['12.4', true]);
  });

  it('carries what the pane and its keys need: symbols, bar, state, why it failed, figures and the last signal', () => {
    const row = strategyRow({ state: 'error', error: 'onBar threw: boom', slotsInUse: 1, sent: 3, refused: 2, position: dec(-5), lastSignal: { at: 7, text: 'sell 5' } });
    expect(strategyViews([row])[0]).toMatchObject({
      id: 'sma1',
      name: 'sma-cross',
      symbols: ['AAPL'],
      timeframe: '5s',
      state: 'error',
      error: 'onBar threw: boom',
      slotsInUse: 1,
      sent: 3,
      refused: 2,
      lastSignal: { at: 7, text: 'sell 5' },
    });
    expect(strategyViews([strategyRow()])[0]).not.toHaveProperty('error');
  });
});

describe('keeping what did not change', () => {
  it('returns the old list itself when every instance reads the same, decimals compared by value', () => {
    const before = strategyViews([strategyRow({ realized: dec('1.50') }), strategyRow({ id: 'sma2' })]);
    const again = strategyViews([strategyRow({ realized: dec('1.5') }), strategyRow({ id: 'sma2' })]);
    expect(keepUnchanged(before, again)).toBe(before);
  });

  it('takes a changed instance and keeps the unchanged one’s old object, so only its row is drawn again', () => {
    const before = strategyViews([strategyRow(), strategyRow({ id: 'sma2' })]);
    const next = keepUnchanged(before, strategyViews([strategyRow({ sent: 1 }), strategyRow({ id: 'sma2' })]));
    expect(next).not.toBe(before);
    expect(next[0]?.sent).toBe(1);
    expect(next[1]).toBe(before[1]);
  });

  it('sees an instance started or gone, and a new last signal', () => {
    const before = strategyViews([strategyRow()]);
    expect(keepUnchanged(before, strategyViews([strategyRow(), strategyRow({ id: 'sma2' })]))).toHaveLength(2);
    expect(keepUnchanged(before, [])).toEqual([]);
    expect(keepUnchanged(before, strategyViews([strategyRow({ lastSignal: { at: 1, text: 'buy 10' } })]))).not.toBe(before);
  });
});
