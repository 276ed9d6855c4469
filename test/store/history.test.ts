import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { applyTrade, emptyPortfolio, wholePortfolio } from '../../src/domain/portfolio.js';
import type { Quote } from '../../src/broker/port.js';
import type { CoreEvent } from '../../src/core/events.js';
import { applyCoreEvents, initialConsoleState, type ConsoleState } from '../../store/console-store.js';
import { HISTORY_LIMIT } from '../../store/history.js';

const START = Date.UTC(2026, 0, 5, 15, 0, 0);

function quoteAt(symbol: string, last: string, ms: number, prevClose = '100.00'): CoreEvent {
  const quote: Quote = {
    symbol,
    bid: dec(last),
    ask: dec(last),
    bidSize: dec(100),
    askSize: dec(100),
    last: dec(last),
    prevClose: dec(prevClose),
    timestamp: new Date(START + ms).toISOString(),
  };
  return { type: 'quote', quote };
}

const fresh = (): ConsoleState => initialConsoleState('sim', 'sim');

describe('price history', () => {
  it('samples a symbol at most once a second however many quotes arrive', () => {
    const burst = Array.from({ length: 1000 }, (_, i) => quoteAt('AAPL', (100 + i / 100).toFixed(2), i));
    const state = applyCoreEvents(fresh(), burst);
    expect(state.priceHistory['AAPL']?.values).toEqual([100]);
    // The next second's first quote is the next sample.
    const later = applyCoreEvents(state, [quoteAt('AAPL', '101.50', 1000), quoteAt('AAPL', '101.60', 1500)]);
    expect(later.priceHistory['AAPL']?.values).toEqual([100, 101.5]);
  });

  it('leaves the history untouched by quotes between samples, so nothing is copied for them', () => {
    const state = applyCoreEvents(fresh(), [quoteAt('AAPL', '100.00', 0), quoteAt('MSFT', '400.00', 0)]);
    const busy = applyCoreEvents(state, Array.from({ length: 200 }, (_, i) => quoteAt(i % 2 === 0 ? 'AAPL' : 'MSFT', '100.50', 1 + i)));
    expect(busy.priceHistory).toBe(state.priceHistory);
    expect(busy.quotes).not.toBe(state.quotes);
  });

  it('keeps the last minute per symbol', () => {
    let state = fresh();
    for (let s = 0; s < 90; s++) state = applyCoreEvents(state, [quoteAt('AAPL', `${100 + s}.00`, s * 1000)]);
    const history = state.priceHistory['AAPL'];
    expect(history?.values).toHaveLength(HISTORY_LIMIT);
    expect(history?.values.at(0)).toBe(130);
    expect(history?.values.at(-1)).toBe(189);
  });

  it('samples the mid of bid and ask before the first trade, and nothing from a one-sided quote without one', () => {
    const { last: _unknown, ...untraded } = (quoteAt('AAPL', '100.00', 0) as { quote: Quote }).quote;
    const twoSided: CoreEvent = { type: 'quote', quote: { ...untraded, bid: dec('99.98'), ask: dec('100.02') } };
    const oneSided: CoreEvent = { type: 'quote', quote: { ...untraded, symbol: 'KO', bid: dec(0), ask: dec('60.10') } };
    const state = applyCoreEvents(fresh(), [twoSided, oneSided]);
    expect(state.priceHistory['AAPL']?.values).toEqual([100]);
    expect(state.priceHistory['KO']).toBeUndefined();
  });

  it('ignores quotes older than the newest sample, unreadable times and zero prices', () => {
    const state = applyCoreEvents(fresh(), [quoteAt('AAPL', '100.00', 5000)]);
    const stale = applyCoreEvents(state, [quoteAt('AAPL', '99.00', 1000)]);
    expect(stale.priceHistory).toBe(state.priceHistory);
    const garbled: CoreEvent = { type: 'quote', quote: { ...(quoteAt('NVDA', '130.00', 0) as { quote: Quote }).quote, timestamp: 'soon' } };
    expect(applyCoreEvents(state, [garbled, quoteAt('KO', '0', 9000)]).priceHistory).toBe(state.priceHistory);
  });
});

describe('equity history', () => {
  const holding = applyTrade(emptyPortfolio(dec('1000.00')), { symbol: 'AAPL', side: 'buy', qty: dec(10), price: dec('100.00'), commission: dec(0) });
  const account: CoreEvent = {
    type: 'account',
    account: { cash: dec(0), equity: dec(1000), buyingPower: dec(2000), lastEquity: dec(1000), currency: 'USD' },
  };

  it('waits for the broker to report the account, then samples equity at the latest quotes once a second', () => {
    const before = applyCoreEvents(fresh(), [{ type: 'portfolio', change: wholePortfolio(holding) }, quoteAt('AAPL', '100.00', 0)]);
    expect(before.equityHistory.values).toEqual([]);
    let state = applyCoreEvents(before, [account, quoteAt('AAPL', '101.00', 1000)]);
    // Cash 0 + 10 AAPL at 101.
    expect(state.equityHistory.values).toEqual([1010]);
    state = applyCoreEvents(state, [quoteAt('AAPL', '105.00', 1500)]);
    expect(state.equityHistory.values).toEqual([1010]);
    state = applyCoreEvents(state, [quoteAt('AAPL', '99.50', 2000), quoteAt('AAPL', '98.00', 2100)]);
    expect(state.equityHistory.values).toEqual([1010, 980]);
  });

  it('marks a position at the mid before its first trade, and at cost with no price at all', () => {
    const { last: _unknown, ...untraded } = (quoteAt('AAPL', '0', 1000) as { quote: Quote }).quote;
    const opened = applyCoreEvents(fresh(), [{ type: 'portfolio', change: wholePortfolio(holding) }, account]);
    const atCost = applyCoreEvents(opened, [{ type: 'quote', quote: { ...untraded, timestamp: new Date(START).toISOString() } }]);
    expect(atCost.equityHistory.values).toEqual([1000]);
    const atMid = applyCoreEvents(atCost, [{ type: 'quote', quote: { ...untraded, bid: dec('101.00'), ask: dec('101.20') } }]);
    // 10 AAPL at 101.10.
    expect(atMid.equityHistory.values).toEqual([1000, 1011]);
  });
});
