import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { parse } from '../../src/command/parse.js';
import { formatPreview } from '../../src/command/preview.js';
import { wholePortfolio } from '../../src/domain/portfolio.js';
import { confirmationReason, orderWarnings } from '../../store/confirmation.js';
import { applyCoreEvents, initialConsoleState, type ConsoleState } from '../../store/console-store.js';
import { estimateNotional } from '../../store/order-estimate.js';
import { order, portfolio, quote, strategy, trade } from '../components/fixtures.js';

const LIMIT = dec(10_000);

function state(): ConsoleState {
  return applyCoreEvents(initialConsoleState('sim', 'sim'), [
    { type: 'quote', quote: quote('AAPL', '187.42', '187.44', '187.42', '185.93') },
    { type: 'order', order: order({ seq: 1, createdAt: 0 }) },
    { type: 'order', order: order({ seq: 2, createdAt: 0, spec: { symbol: 'MSFT' } }) },
    { type: 'portfolio', change: wholePortfolio(portfolio('100000', trade('AAPL', 'buy', 20, '186.10'))) },
  ]);
}

function intentOf(text: string) {
  const parsed = parse(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.intent;
}

function reason(text: string, s: ConsoleState = state()): string | undefined {
  return confirmationReason(intentOf(text), s, LIMIT);
}

function warnings(text: string, s: ConsoleState = state()): string[] {
  return orderWarnings(intentOf(text), s);
}

/** 20 AAPL held, 15 of them by an open sell (#3), and nothing working on the other side. */
function heldByASell(): ConsoleState {
  return applyCoreEvents(initialConsoleState('sim', 'sim'), [
    { type: 'order', order: order({ seq: 3, createdAt: 0, spec: { side: 'sell', qty: dec(15), limitPrice: dec('195.00') } }) },
    { type: 'portfolio', change: wholePortfolio(portfolio('100000', trade('AAPL', 'buy', 20, '186.10'))) },
  ]);
}

describe('what waits for y', () => {
  it('cancelling all working orders, saying how many', () => {
    expect(reason('cancel all')).toBe('cancels 2 working orders');
    expect(reason('cancel #1')).toBeUndefined();
    expect(reason('cancel AAPL')).toBeUndefined();
  });

  it('closing a position, or all of them, saying what closes', () => {
    expect(reason('flatten AAPL')).toBe('cancels AAPL orders, closes +20 AAPL at market');
    expect(reason('flatten all')).toBe('closes 1 open position at market');
    expect(reason('flatten MSFT')).toBe('cancels working MSFT orders');
  });

  it('an order whose estimate is above the limit, and not one at or below it', () => {
    expect(reason('buy 100 AAPL')).toBe('≈ $18,744.00, above the $10,000.00 limit');
    expect(reason('buy 10 AAPL @ 1000')).toBeUndefined();
    expect(reason('buy 10 AAPL @ 1000.01')).toBe('≈ $10,000.10, above the $10,000.00 limit');
    expect(reason('buy $20000 AAPL')).toBe('≈ $20,000.00, above the $10,000.00 limit');
  });

  it('nothing when there is nothing to do', () => {
    const empty = initialConsoleState('sim', 'sim');
    expect(reason('cancel all', empty)).toBeUndefined();
    expect(reason('flatten all', empty)).toBeUndefined();
    expect(reason('flatten AAPL', empty)).toBeUndefined();
    expect(reason('watch NVDA')).toBeUndefined();
  });
});

describe('what the broker would likely refuse: warned before sending, and waiting for y', () => {
  it('an order against an open order on the other side of the symbol: a possible wash trade', () => {
    expect(warnings('sell 5 AAPL @ 190')).toEqual(['wash trade: open buy #1']);
    expect(reason('sell 5 AAPL @ 190')).toBe('⚠ wash trade: open buy #1');
  });

  it('a sale of more than the position less what the open sells hold', () => {
    expect(warnings('sell 6 AAPL @ 190', heldByASell())).toEqual(['insufficient qty: 5 available, #3 holds 15']);
    expect(reason('sell 6 AAPL @ 190', heldByASell())).toBe('⚠ insufficient qty: 5 available, #3 holds 15');
    expect(reason('sell 5 AAPL @ 190', heldByASell())).toBeUndefined();
  });

  it('both, and the size, in one reason, the likely refusals first', () => {
    expect(reason('sell 100 AAPL @ 190')).toBe(
      '⚠ wash trade: open buy #1  ⚠ insufficient qty: only 20 long; ≈ $19,000.00, above the $10,000.00 limit',
    );
  });

  it('nothing for what the broker lets through: the same side, an ended order, a bracket, another command', () => {
    expect(warnings('buy 5 AAPL @ 180')).toEqual([]);
    expect(warnings('sell 5 AAPL @ 190 tp 180 sl 195')).toEqual([]);
    expect(warnings('cancel all')).toEqual([]);
    const ended = applyCoreEvents(state(), [{ type: 'order', order: order({ seq: 1, createdAt: 0, canceled: true }) }]);
    expect(warnings('sell 5 AAPL @ 190', ended)).toEqual([]);
    expect(reason('sell 5 AAPL @ 190', ended)).toBeUndefined();
  });
});

describe('what waits for y while strategies run', () => {
  /** sma1 trades AAPL and holds +10; brk2 is paused on MSFT; bll3 stopped on NVDA. */
  function withStrategies(): ConsoleState {
    return {
      ...state(),
      strategies: [
        strategy({ position: dec(10) }),
        strategy({ id: 'brk2', name: 'breakout', symbol: 'MSFT', state: 'paused' }),
        strategy({ id: 'bll3', name: 'bollinger', symbol: 'NVDA', state: 'stopped' }),
      ],
    };
  }

  it('a manual order on a symbol a strategy trades, naming it first', () => {
    expect(reason('buy 1 AAPL', withStrategies())).toBe('AAPL is traded by sma1 (sma-cross)');
    expect(reason('sell 5 AAPL @ 190', withStrategies())).toBe('AAPL is traded by sma1 (sma-cross); ⚠ wash trade: open buy #1');
    expect(reason('buy 1 MSFT @ 400', withStrategies())).toBe('MSFT is traded by brk2 (breakout)');
  });

  it('not on a symbol whose strategy has stopped, nor on one no strategy trades', () => {
    expect(reason('buy 1 NVDA @ 120', withStrategies())).toBeUndefined();
    expect(reason('buy 1 TSLA @ 200', withStrategies())).toBeUndefined();
  });

  it('closing a position a strategy trades says so', () => {
    expect(reason('flatten AAPL', withStrategies())).toBe('AAPL is traded by sma1 (sma-cross); cancels AAPL orders, closes +20 AAPL at market');
  });

  it('stopping every strategy, saying how many and in what state', () => {
    expect(reason('strategy stop all', withStrategies())).toBe('stops 2 strategies (1 running, 1 paused), cancelling their working orders');
    const running = { ...withStrategies(), strategies: [strategy(), strategy({ id: 'sma2', symbol: 'MSFT' })] };
    expect(reason('strategy stop all flatten', running)).toBe('stops 2 running strategies, cancelling their working orders and closing their positions at market');
    expect(reason('strategy stop all', state())).toBeUndefined();
  });

  it('stopping one and closing its position, saying what closes; a plain stop or a flat one goes at once', () => {
    expect(reason('strategy stop sma1 flatten', withStrategies())).toBe('stops sma1 and closes its +10 AAPL at market');
    expect(reason('strategy stop sma1', withStrategies())).toBeUndefined();
    expect(reason('strategy stop brk2 flatten', withStrategies())).toBeUndefined();
    expect(reason('strategy stop bll3 flatten', withStrategies())).toBeUndefined();
  });

  it('one not on screen yet still asks before closing its position', () => {
    expect(reason('strategy stop sma9 flatten', withStrategies())).toBe('stops sma9 and closes its position at market');
  });
});

describe('the estimate', () => {
  it('is the figure the preview shows', () => {
    const s = state();
    const lookup = (symbol: string) => s.quotes[symbol];
    for (const text of ['buy 100 AAPL', 'sell 7 AAPL', 'buy 3 AAPL @ 150.25', 'buy 5 AAPL stop 200', 'buy 5 AAPL stop 200 @ 201']) {
      const parsed = parse(text);
      if (!parsed.ok || parsed.intent.kind !== 'place') throw new Error(text);
      const shown = /≈ \$([\d,.]+)/.exec(formatPreview(parsed.intent, lookup))?.[1];
      expect(estimateNotional(parsed.intent.spec, lookup)?.toFixed(2), text).toBe(shown?.replace(/,/g, ''));
    }
  });

  it('is unknown for a market order without a quote', () => {
    const parsed = parse('buy 10 ZZZZ');
    if (!parsed.ok || parsed.intent.kind !== 'place') throw new Error('parse');
    expect(estimateNotional(parsed.intent.spec, () => undefined)).toBeUndefined();
  });

  it('takes the last trade when the side a market order takes is empty, and is unknown without one', () => {
    const parsed = parse('sell 10 AAPL');
    if (!parsed.ok || parsed.intent.kind !== 'place') throw new Error('parse');
    const noBids = quote('AAPL', '0', '187.44', '187.42');
    expect(estimateNotional(parsed.intent.spec, () => noBids)?.toFixed(2)).toBe('1874.20');
    expect(estimateNotional(parsed.intent.spec, () => ({ ...noBids, last: undefined }))).toBeUndefined();
  });
});
