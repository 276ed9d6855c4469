import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStrategyFiles } from '../../src/app/strategy-files.js';
import { dec, ZERO } from '../../src/domain/decimal.js';
import { BUILTIN_STRATEGIES } from '../../src/strategy/builtins/index.js';
import { resolveStrategyParams } from '../../src/strategy/params.js';
import { checkIntent, type StrategyContext, type StrategyDefinition } from '../../src/strategy/strategy.js';
import { RevealedSeries, runStrategy, summary } from '../strategy/strategy-harness.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/strategies', import.meta.url));

/*
 * Wilder's RSI by hand with period=2 over closes 10, 11, 10, 9, 8, 10:
 *   changes +1, −1        first averages: gain (1 + 0) / 2 = 0.5, loss (0 + 1) / 2 = 0.5 → RSI 50 at bar 2
 *   bar 3, 9 (−1):        gain (0.5 + 0) / 2 = 0.25, loss (0.5 + 1) / 2 = 0.75 → RS 1/3 → RSI 25
 *   bar 4, 8 (−1):        gain 0.125, loss 0.875 → RS 1/7 → RSI 12.5
 *   bar 5, 10 (+2):       gain (0.125 + 2) / 2 = 1.0625, loss 0.4375 → RS 2.43 → RSI 70.8
 */
const CLOSES = [10, 11, 10, 9, 8, 10];

let rsi: StrategyDefinition;

beforeAll(async () => {
  const files = await loadStrategyFiles(EXAMPLES, BUILTIN_STRATEGIES.map((definition) => definition.name));
  expect(files.problems).toEqual([]);
  expect(files.loaded).toEqual([{ file: 'strategies/rsi-reversion.js', names: ['rsi-reversion'] }]);
  rsi = files.definitions[0] as StrategyDefinition;
});

describe('the example strategy rsi-reversion.js', () => {
  it('loads from the examples folder with its parameters, defaults and rule across them', () => {
    expect(resolveStrategyParams(rsi, [])).toEqual({ ok: true, values: { period: 14, low: 30, high: 70, size: 1 } });
    expect(rsi.warmUpBars({ period: 14, low: 30, high: 70, size: 1 })).toBe(15);
    expect(resolveStrategyParams(rsi, ['low=80'])).toEqual({ ok: false, problem: 'low (80) must be below high (70)' });
    expect(resolveStrategyParams(rsi, ['period=1'])).toEqual({ ok: false, problem: 'period must be a whole number from 2 to 200, not 1' });
  });

  it('goes long when the RSI falls below low and closes when it rises above high, with the RSI in the reason', () => {
    const signals = runStrategy(rsi, ['period=2', 'size=10'], { close: CLOSES });
    expect(summary(signals)).toEqual(['3 target long 10', '5 close']);
    expect(signals.map(({ intent }) => intent.reason)).toEqual(['RSI 25.0 below 30', 'RSI 70.8 above 70']);
    expect(signals.map(({ intent }) => checkIntent(intent))).toEqual([undefined, undefined]);
  });

  it('says nothing while the RSI is between the levels, and nothing more while already long', () => {
    // RSI 50 at bar 2 is inside 30…70; already long from bar 3, the deeper 12.5 at bar 4 is no new order.
    expect(summary(runStrategy(rsi, ['period=2', 'low=49', 'high=51'], { close: CLOSES.slice(0, 3) }))).toEqual([]);
    expect(summary(runStrategy(rsi, ['period=2'], { close: CLOSES.slice(0, 5) }))).toEqual(['3 target long 1']);
  });

  it('waits while its order is still working, so one dip sends one order', () => {
    expect(summary(runStrategy(rsi, ['period=2'], { close: CLOSES }, { fill: false }))).toEqual(['3 target long 1']);
  });

  it('warms up from history on its first bar and signals on that bar alone', () => {
    // Bars 0…4 are there at the start: the RSI reads all five (12.5 at bar 4) before judging bar 4.
    const signals = runStrategy(rsi, ['period=2'], { close: CLOSES }, { history: 5 });
    expect(summary(signals)).toEqual(['4 target long 1', '5 close']);
    expect(signals[0]?.intent.reason).toBe('RSI 12.5 below 30');
  });

  it('logs when it starts and on each of its fills', () => {
    const lines: string[] = [];
    const bars = new RevealedSeries({ close: CLOSES });
    const ctx: StrategyContext = {
      symbol: 'AAPL',
      bars,
      position: { qty: dec(10), avgPrice: dec('8.50') },
      workingOrders: [],
      cash: ZERO,
      now: () => 0,
      log: { info: (text) => lines.push(text), warn: (text) => lines.push(`warn: ${text}`) },
    };
    const handlers = rsi.create({ period: 2, low: 30, high: 70, size: 10 });
    handlers.onStart?.(ctx);
    handlers.onFill?.({ clientOrderId: 'blt-1', side: 'buy', qty: dec(10), price: dec('8.50'), commission: ZERO, at: 0 }, ctx);
    expect(lines).toEqual(['watching AAPL: buy below RSI 30, sell above 70', 'buy 10 at 8.5: holding 10']);
  });
});
