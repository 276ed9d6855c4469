import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/backtest.js';
import { dec } from '../../src/domain/decimal.js';
import { fixedCommission } from '../../src/domain/costs/commission.js';
import { fixedBpsSlippage } from '../../src/domain/costs/slippage.js';
import type { StrategyContext, StrategyIntent, WorkingOrderView } from '../../src/strategy/strategy.js';
import { smaCross } from '../../src/strategy/builtins/sma-cross.js';
import { barColumns, DAY, FIRST_DAY, scripted, type Script } from './bar-columns.js';

const buy = (size: number | 'all', reason = 'buy'): StrategyIntent => ({ kind: 'buy', size, reason });
const sell = (size: number | 'all', reason = 'sell'): StrategyIntent => ({ kind: 'sell', size, reason });
const close: StrategyIntent = { kind: 'close', reason: 'close' };
const shortAll: StrategyIntent = { kind: 'target', direction: 'short', size: 'all', reason: 'short' };

function run(rows: readonly (readonly [number, number])[], script: Script, cash = '1000', costs: Partial<Parameters<typeof runBacktest>[0]> = {}) {
  return runBacktest({ definition: scripted(script), params: {}, symbol: 'TEST', bars: barColumns(rows), cash: dec(cash), ...costs });
}

function trades(result: ReturnType<typeof run>) {
  return result.trades.map((t) => ({
    size: t.size,
    entryBar: t.entryBar,
    exitBar: t.exitBar,
    entry: t.entryPrice.toString(),
    exit: t.exitPrice.toString(),
    commission: t.commission.toString(),
    pnl: t.pnl.toString(),
    closedAtEnd: t.closedAtEnd,
  }));
}

describe('runBacktest', () => {
  it('fills an order made on bar i at bar i+1 open, marks equity at each close and closes the open trade at the last close', () => {
    const result = run([[10, 11], [12, 13], [14, 15], [16, 17]], { onBar: { 0: buy(10, 'go long') } });
    // 10 @ 12 leaves 880 cash; marked at 13 and 15; closed at the last close, 17: 880 + 170.
    expect([...result.equity]).toEqual([1000, 1010, 1030, 1050]);
    expect(result.equityFinal.toString()).toBe('1050');
    expect(trades(result)).toEqual([{ size: 10, entryBar: 1, exitBar: 3, entry: '12', exit: '17', commission: '0', pnl: '50', closedAtEnd: true }]);
    expect(result.trades[0]?.returnPct).toBeCloseTo(17 / 12 - 1, 12);
    expect(result.trades[0]?.entryReason).toBe('go long');
    expect(result.trades[0]?.entryTime).toBe(FIRST_DAY + DAY);
  });

  it('executes a close before the new entry and sizes all after the close is booked', () => {
    const rows = [[10, 10], [10, 10], [20, 20], [25, 25]] as const;
    // 100 @ 10 spends all 1000; at 20 the close brings 2000, which shorts 100 @ 20 (cash 4000); covered at 25: 1500.
    const expected = [
      { size: 100, entryBar: 1, exitBar: 2, entry: '10', exit: '20', commission: '0', pnl: '1000', closedAtEnd: false },
      { size: -100, entryBar: 2, exitBar: 3, entry: '20', exit: '25', commission: '0', pnl: '-500', closedAtEnd: true },
    ];
    const twoIntents = run(rows, { onBar: { 0: buy('all'), 1: [close, sell('all')] } });
    const reversal = run(rows, { onBar: { 0: buy('all'), 1: shortAll } });
    for (const result of [twoIntents, reversal]) {
      expect(trades(result)).toEqual(expected);
      expect([...result.equity]).toEqual([1000, 1000, 2000, 1500]);
      expect(result.equityFinal.toString()).toBe('1500');
    }
  });

  it('charges commission on both sides and shrinks size=all until cash covers price × shares + commission', () => {
    const result = run([[10, 10], [10, 10], [12, 12]], { onBar: { 0: buy('all') } }, '1000', { commission: fixedCommission('5') });
    // 100 @ 10 + 5 is 1005, over 1000: 99 shares (990 + 5), cash 5; sold at 12 for 1188 − 5: cash 1188.
    expect(trades(result)).toEqual([{ size: 99, entryBar: 1, exitBar: 2, entry: '10', exit: '12', commission: '10', pnl: '188', closedAtEnd: true }]);
    expect(result.trades[0]?.returnPct).toBeCloseTo(0.2 - 10 / 990, 12);
    expect([...result.equity]).toEqual([1000, 995, 1188]);
    expect(result.equityFinal.toString()).toBe('1188');
  });

  it('moves every fill price against the trader by the slippage, sizing all at the slipped price', () => {
    const fixed = run([[10, 10], [10, 10], [20, 20]], { onBar: { 0: buy(10), 1: close } }, '1000', { slippage: fixedBpsSlippage(100) });
    // 1 %: bought at 10.10, sold at 19.80.
    expect(trades(fixed)).toEqual([{ size: 10, entryBar: 1, exitBar: 2, entry: '10.1', exit: '19.8', commission: '0', pnl: '97', closedAtEnd: false }]);
    expect(fixed.equityFinal.toString()).toBe('1097');
    const all = run([[10, 10], [10, 10], [20, 20]], { onBar: { 0: buy('all') } }, '1000', { slippage: fixedBpsSlippage(100) });
    // 100 shares at 10.10 would be 1010: 99 (999.90), leaving 0.10; sold at 19.80 for 1960.20.
    expect(all.trades[0]?.size).toBe(99);
    expect(all.equityFinal.toString()).toBe('1960.3');
  });

  it('closes lots first in, first out, splitting a lot a partial close reaches into', () => {
    let seen: { qty: string; avg: string } | undefined;
    const result = run([[10, 10], [10, 10], [20, 20], [30, 30], [40, 40]], {
      onBar: { 0: buy(10, 'first'), 1: buy(10, 'second'), 2: sell(15) },
      seen: (ctx) => {
        if (ctx.bars.length === 3) seen = { qty: ctx.position.qty.toString(), avg: ctx.position.avgPrice.toString() };
      },
    }, '10000');
    expect(seen).toEqual({ qty: '20', avg: '15' });
    expect(trades(result)).toEqual([
      { size: 10, entryBar: 1, exitBar: 3, entry: '10', exit: '30', commission: '0', pnl: '200', closedAtEnd: false },
      { size: 5, entryBar: 2, exitBar: 3, entry: '20', exit: '30', commission: '0', pnl: '50', closedAtEnd: false },
      { size: 5, entryBar: 2, exitBar: 4, entry: '20', exit: '40', commission: '0', pnl: '100', closedAtEnd: true },
    ]);
    expect(result.trades.map((t) => t.entryReason)).toEqual(['first', 'second', 'second']);
    expect(result.equityFinal.toString()).toBe('10350');
  });

  it('shows an intent waiting for the next open as a working order the strategy can cancel', () => {
    const working: (readonly WorkingOrderView[])[] = [];
    const result = run([[10, 10], [10, 11], [12, 12], [13, 13]], {
      onBar: { 0: buy(5), 1: { kind: 'cancel', reason: 'changed my mind' } },
      // Heard at bar 1's open: the add-on waits for bar 2's open.
      onFill: (fill) => (fill.qty.eq(5) ? buy(3, 'add on') : undefined),
      seen: (ctx: StrategyContext) => working.push(ctx.workingOrders.map((order) => ({ ...order }))),
    });
    expect(working[0]).toEqual([]);
    expect(working[1]).toEqual([{ clientOrderId: 'bt-2', side: 'buy', type: 'market', qty: dec(3), filledQty: dec(0) }]);
    expect(working[2]).toEqual([]);
    expect(result.trades.map((t) => t.size)).toEqual([5]);
    expect(result.refused).toEqual({});
  });

  it('refuses a cancel of an order that is not working, an invalid intent and an intent made on the last bar', () => {
    const result = run([[10, 10], [10, 10], [10, 10]], {
      onBar: { 0: [{ kind: 'cancel', clientOrderId: 'bt-9', reason: 'x' }, { kind: 'buy', size: 0, reason: 'none' } as StrategyIntent], 2: buy(1) },
    });
    expect(result.refused).toEqual({ not_working: 1, invalid_intent: 1, no_next_bar: 1 });
    expect(result.trades).toEqual([]);
  });

  it('counts a close with nothing to close as already there', () => {
    const result = run([[10, 10], [10, 10]], { onBar: { 0: close } });
    expect(result.refused).toEqual({ already_there: 1 });
  });

  it('lets a strategy read the current bar and fails the run when it reads the next one', () => {
    const closes: number[] = [];
    const reader = run([[10, 11], [12, 13]], { seen: (ctx) => closes.push(ctx.bars.close(ctx.bars.length - 1)) });
    expect(closes).toEqual([11, 13]);
    expect(reader.trades).toEqual([]);
    expect(() => run([[10, 11], [12, 13]], { seen: (ctx) => closes.push(ctx.bars.open(ctx.bars.length)) })).toThrow(
      'strategy scripted failed in onBar at bar 0: bar 1 is not readable: bars 0 to 0 have happened, later ones have not',
    );
  });

  it('gives an always-flat strategy zero trades and its starting cash throughout', () => {
    const result = run([[10, 11], [12, 13], [9, 8]], {});
    expect(result.trades).toEqual([]);
    expect([...result.equity]).toEqual([1000, 1000, 1000]);
    expect(result.equityFinal.toString()).toBe('1000');
  });

  it('makes buy and hold return the last close over the first fill', () => {
    const result = run([[50, 52], [40, 45], [60, 70]], { onBar: { 0: buy('all') } });
    // 25 shares at 40, closed at the last close, 70.
    expect(result.equityFinal.toString()).toBe('1750');
    expect(result.equityFinal.div(1000).minus(1).toString()).toBe(dec(70).div(40).minus(1).toString());
  });

  it('makes buy and hold with costs return the last close over the first fill, less both sides’ commission and slippage', () => {
    const costs = { commission: fixedCommission('1'), slippage: fixedBpsSlippage(10) };
    const result = run([[50, 52], [40, 45], [60, 70]], { onBar: { 0: buy(20) } }, '1000', costs);
    // Bought 20 at 40 slipped up 10 bps, 40.04, and $1; sold at 70 slipped down, 69.93, and $1.
    const expected = dec(1000).minus(dec('40.04').times(20)).minus(1).plus(dec('69.93').times(20)).minus(1);
    expect(result.equityFinal.toString()).toBe(expected.toString());
    expect(result.equityFinal.toString()).toBe('1595.8');
    const [trade] = result.trades;
    expect([trade?.entryPrice.toString(), trade?.exitPrice.toString(), trade?.commission.toString(), trade?.pnl.toString()]).toEqual(['40.04', '69.93', '2', '595.8']);
    expect(trade?.returnPct).toBeCloseTo(69.93 / 40.04 - 1 - 2 / (20 * 40.04), 12);
  });

  it('reports progress at most about a hundred times, ending with every bar done', () => {
    const rows = Array.from({ length: 1000 }, () => [10, 10] as const);
    const calls: [number, number][] = [];
    run(rows, {}, '1000', { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls.length).toBeLessThanOrEqual(101);
    expect(calls.at(-1)).toEqual([1000, 1000]);
  });

  it('tells the strategy the time: its bar end in onBar, the fill bar start in onFill', () => {
    const times: number[] = [];
    run([[10, 10], [10, 10], [10, 10]], {
      onBar: { 0: buy(1) },
      onFill: (_fill, ctx) => void times.push(ctx.now()),
      seen: (ctx) => times.push(ctx.now()),
    });
    expect(times).toEqual([FIRST_DAY + DAY, FIRST_DAY + DAY, FIRST_DAY + 2 * DAY, FIRST_DAY + 3 * DAY]);
  });
});

describe('runBacktest with a built-in strategy', () => {
  const walk = (count: number) => {
    let price = 100;
    let seed = 7;
    return Array.from({ length: count }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const open = price;
      price = Math.round(price * (1 + (seed / 2 ** 31 - 0.5) * 0.04) * 100) / 100;
      return [open, price] as const;
    });
  };
  const smaRun = () =>
    runBacktest({ definition: smaCross, params: { fast: 3, slow: 8, mode: 'reverse', size: 'all' }, symbol: 'TEST', bars: barColumns(walk(400)), cash: dec(10000) });

  it('gives the same trades and equity when run twice', () => {
    const [first, second] = [smaRun(), smaRun()];
    expect(first.trades.length).toBeGreaterThan(10);
    expect(second.trades).toEqual(first.trades);
    expect([...second.equity]).toEqual([...first.equity]);
  });

  it('keeps the starting cash through the warm-up and reports the warm-up bars', () => {
    const result = smaRun();
    expect(result.warmUpBars).toBe(9);
    expect([...result.equity.subarray(0, result.warmUpBars + 1)].every((value) => value === 10000)).toBe(true);
    expect(result.trades[0]?.entryBar).toBeGreaterThan(result.warmUpBars - 1);
  });
});
