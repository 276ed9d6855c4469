import { describe, expect, it } from 'vitest';
import { parse } from '../../src/command/parse.js';
import { formatPreview } from '../../src/command/preview.js';
import { errorOf, intentOf } from './helpers.js';

describe('parse: backtest', () => {
  it.each([
    [
      'backtest SMA-Cross --data test/fixtures/GOOG.csv fast=10 slow=30 mode=reverse size=all',
      { kind: 'backtest', strategy: 'sma-cross', data: { kind: 'file', path: 'test/fixtures/GOOG.csv' }, settings: ['fast=10', 'slow=30', 'mode=reverse', 'size=all'] },
    ],
    [
      'backtest breakout --data=synthetic:42 --cash 2,500.50 --from 2010-01-04 --to=2012-12-31',
      {
        kind: 'backtest',
        strategy: 'breakout',
        data: { kind: 'synthetic', seed: 42 },
        from: { text: '2010-01-04', at: Date.UTC(2010, 0, 4) },
        // A day alone is the whole UTC day: its bar is kept.
        to: { text: '2012-12-31', at: Date.UTC(2013, 0, 1) - 1 },
        cash: '2500.5',
        settings: [],
      },
    ],
    [
      'backtest sma-cross --data g.csv --from 2010-01-04T14:30 --to 2010-01-05T09:30-05:00 --commission PER-SHARE:0.005,min:1 --slippage bps:2',
      {
        kind: 'backtest',
        strategy: 'sma-cross',
        data: { kind: 'file', path: 'g.csv' },
        from: { text: '2010-01-04T14:30', at: Date.UTC(2010, 0, 4, 14, 30) },
        to: { text: '2010-01-05T09:30-05:00', at: Date.UTC(2010, 0, 5, 14, 30) },
        commission: 'per-share:0.005,min:1',
        slippage: 'bps:2',
        settings: [],
      },
    ],
  ])('%s', (text, intent) => {
    expect(intentOf(text)).toEqual(intent);
  });

  it.each([
    ['backtest', 'backtest which strategy? e.g. backtest sma-cross --data GOOG.csv fast=10 slow=30 (strategies lists them)'],
    ['backtest --data GOOG.csv', 'name the strategy first, e.g. backtest sma-cross --data GOOG.csv fast=10 slow=30'],
    ['backtest sma-cross fast=10', 'backtest sma-cross on which bars? give --data FILE.csv or --data synthetic:SEED, e.g. backtest sma-cross --data GOOG.csv'],
    ['backtest sma-cross --data', '--data needs a value, e.g. backtest sma-cross --data GOOG.csv'],
    ['backtest sma-cross --data GOOG.csv --from', '--from needs a value, e.g. backtest sma-cross --data GOOG.csv --from 2010-01-04'],
    ['backtest sma-cross --data GOOG.csv --symbols GOOG', "unknown option '--symbols'; backtest takes --data, --from, --to, --cash, --commission, --slippage, e.g. backtest sma-cross --data GOOG.csv"],
    ['backtest sma-cross --data a.csv --data b.csv', '--data is given twice; give it once, e.g. backtest sma-cross --data GOOG.csv'],
    ['backtest sma-cross --data synthetic:x', 'give the synthetic market a whole-number seed, e.g. backtest sma-cross --data synthetic:42'],
    ['backtest sma-cross --data GOOG.csv --from 2021-02-30', "--from '2021-02-30' is not a date; use 2004-08-19 (a whole UTC day) or 2004-08-19T14:30Z, e.g. backtest sma-cross --data GOOG.csv --from 2010-01-04"],
    ['backtest sma-cross --data GOOG.csv --from 2012-01-01 --to 2011-01-01', '--from 2012-01-01 is after --to 2011-01-01; give the earlier time to --from'],
    ['backtest sma-cross --data GOOG.csv --cash -5', "--cash '-5' is not a dollar amount above 0; e.g. backtest sma-cross --data GOOG.csv --cash 10000"],
    ['backtest sma-cross --data GOOG.csv GOOG', "'GOOG' is not a setting; write key=value after the strategy, e.g. backtest sma-cross --data GOOG.csv fast=10"],
    ['backtest sma-cross --data GOOG.csv fast=5 FAST=6', 'fast is given twice; give it once, e.g. backtest sma-cross --data GOOG.csv FAST=6'],
  ])('refuses %s in one line', (text, error) => {
    expect(errorOf(text)).toBe(error);
  });

  it('previews what will run, in the background', () => {
    const parsed = parse('backtest sma-cross --data GOOG.csv --from 2010-01-04 --cash 5000 fast=10 slow=30');
    if (!parsed.ok) expect.fail(parsed.error);
    expect(formatPreview(parsed.intent)).toBe('BACKTEST sma-cross fast=10 slow=30 on GOOG.csv  2010-01-04 → end  cash $5,000.00  in the background');
  });
});
