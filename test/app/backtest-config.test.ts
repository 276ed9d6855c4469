import { describe, expect, it } from 'vitest';
import { parseArgs, type ParsedArgs } from '../../src/app/config.js';
import { dec } from '../../src/domain/decimal.js';

const parse = (...argv: string[]): ParsedArgs => parseArgs(argv, '1.2.3');

function usageError(parsed: ParsedArgs): string {
  if (parsed.kind !== 'exit') throw new Error(`expected a usage error, got ${parsed.kind}`);
  expect(parsed.code).toBe(2);
  expect(parsed.output.split('\n')).toHaveLength(1);
  return parsed.output;
}

describe('parseArgs: blotter backtest', () => {
  it("reads the issue's example with the defaults: 10,000 cash, no costs, the table", () => {
    expect(parse('backtest', '--strategy', 'sma-cross', '--data', 'prices.csv', 'fast=10', 'slow=30', 'mode=reverse', 'size=all')).toEqual({
      kind: 'backtest',
      config: {
        strategy: 'sma-cross',
        params: ['fast=10', 'slow=30', 'mode=reverse', 'size=all'],
        data: { kind: 'path', path: 'prices.csv' },
        cash: dec('10000'),
        commission: { model: 'none' },
        slippage: { model: 'none' },
        commissionText: 'none',
        slippageText: 'none',
        json: false,
      },
    });
  });

  it('reads every option, with dates as whole UTC days', () => {
    const parsed = parse(
      'backtest', '--strategy', './mine.ts', '--data', 'bars/', '--symbols', 'goog,aapl', '--from', '2004-08-19', '--to', '2013-03-01',
      '--cash', '25,000.50', '--commission', 'Percent:0.1', '--slippage', 'bps:2', '--json', '--trades', 't.csv', '--equity', 'e.csv',
    );
    expect(parsed).toMatchObject({
      kind: 'backtest',
      config: {
        strategy: './mine.ts',
        params: [],
        data: { kind: 'path', path: 'bars/' },
        symbols: ['GOOG', 'AAPL'],
        from: Date.UTC(2004, 7, 19),
        to: Date.UTC(2013, 2, 2) - 1,
        commission: { model: 'percent' },
        slippage: { model: 'bps' },
        commissionText: 'percent:0.1',
        slippageText: 'bps:2',
        json: true,
        tradesFile: 't.csv',
        equityFile: 'e.csv',
      },
    });
    expect(parsed.kind === 'backtest' && parsed.config.cash.toFixed()).toBe('25000.5');
  });

  it('reads synthetic data by its seed, and date-times as UTC unless they say otherwise', () => {
    expect(parse('backtest', '--strategy', 'breakout', '--data', 'synthetic:42', '--from', '2024-01-02T14:30', '--to', '2024-01-02T16:00-05:00')).toMatchObject({
      config: { data: { kind: 'synthetic', seed: 42 }, from: Date.UTC(2024, 0, 2, 14, 30), to: Date.UTC(2024, 0, 2, 21) },
    });
  });

  it.each([
    [['backtest', '--data', 'a.csv'], "error: required option '--strategy <name|file>' not specified"],
    [['backtest', '--strategy', 'sma-cross'], "error: required option '--data <file|dir|synthetic:seed>' not specified"],
    [['backtest', '--strategy', 'sma-cross', '--data', 'synthetic:x'], "error: option '--data <file|dir|synthetic:seed>' argument 'synthetic:x' is invalid. give the synthetic market a whole-number seed, e.g. --data synthetic:42"],
    [['backtest', '--strategy', 'sma-cross', '--data', 'a.csv', 'fast'], "error: 'fast' is not a strategy parameter; write name=value, e.g. fast=10, or an option such as --json"],
    [['backtest', '--strategy', 'sma-cross', '--data', 'a.csv', '--cash', '0'], "error: option '--cash <usd>' argument '0' is invalid. use a dollar amount above 0, e.g. --cash 10000 or --cash 2500.50"],
    [['backtest', '--strategy', 'sma-cross', '--data', 'a.csv', '--cash', '1e6'], "error: option '--cash <usd>' argument '1e6' is invalid. use a dollar amount above 0, e.g. --cash 10000 or --cash 2500.50"],
    [['backtest', '--strategy', 'sma-cross', '--data', 'a.csv', '--commission', 'percent:x'], "error: option '--commission <spec>' argument 'percent:x' is invalid. percent:x is not a non-negative number; use none, per-share:0.005[,min:1], percent:0.1, bps:1 or fixed:1 (dollars per share, % or bps of notional, dollars per order)"],
    [['backtest', '--strategy', 'sma-cross', '--data', 'a.csv', '--slippage', 'bps:5000'], "error: option '--slippage <spec>' argument 'bps:5000' is invalid. bps:5000 is more than 1000; use none, bps:2 or size:10[,base:1][,max:50] (basis points; size: at an execution as large as the displayed size)"],
    [['backtest', '--strategy', 'sma-cross', '--data', 'a.csv', '--from', '2013-02-30'], "error: option '--from <date>' argument '2013-02-30' is invalid. use a date such as 2004-08-19 (a whole UTC day) or a date-time such as 2004-08-19T14:30Z"],
    [['backtest', '--strategy', 'sma-cross', '--data', 'a.csv', '--from', '2013-03-01', '--to', '2004-08-19'], 'error: --from 2013-03-01 is after --to 2004-08-19; give the earlier time to --from'],
    [['backtest', '--strategy', 'sma-cross', '--data', 'dir', '--symbols', 'GOOG,,AAPL'], "error: option '--symbols <list>' argument 'GOOG,,AAPL' is invalid. an empty name is not a symbol; give symbols separated by commas, e.g. --symbols AAPL,MSFT"],
    [['backtest', '--strategy', 'sma-cross', '--data', 'dir', '--symbols', 'GOOG,goog'], "error: option '--symbols <list>' argument 'GOOG,goog' is invalid. GOOG is given twice; name each symbol once"],
    [['backtest', '--strategy', 'sma-cross', '--data', 'a.csv', '--trades', 'x.csv', '--equity', 'x.csv'], 'error: --trades and --equity name the same file; give each its own'],
    [['backtest', '--strategy', 'sma-cross', '--data', 'a.csv', '--trades', 'x.csv', '--equity', './x.csv'], 'error: --trades and --equity name the same file; give each its own'],
    [['backtest', '--strategy', 'sma-cross', '--data', 'a.csv', '--trades', '-'], "error: option '--trades <file.csv>' argument '-' is invalid. give a file to write, e.g. --trades trades.csv"],
    [['backtest', '--strategy', 'sma-cross', '--data', 'a.csv', '--seed', '4'], "error: unknown option '--seed'"],
  ])('refuses %j in one line: %s', (argv, message) => {
    expect(usageError(parse(...argv))).toBe(message);
  });
});

describe('parseArgs: blotter backtest --sweep', () => {
  it('reads the terms after --sweep, fixed values among them, with the default sort and top', () => {
    expect(parse('backtest', '--strategy', 'sma-cross', '--data', 'GOOG.csv', 'size=all', '--sweep', 'fast=5..7', 'slow=20..60:20', 'mode=reverse')).toMatchObject({
      kind: 'backtest',
      config: {
        params: ['size=all'],
        sweep: {
          axes: [
            { name: 'fast', values: ['5', '6', '7'] },
            { name: 'slow', values: ['20', '40', '60'] },
            { name: 'mode', values: ['reverse'] },
          ],
          sort: { statistic: 'sharpe', highestFirst: true },
          top: 20,
        },
      },
    });
  });

  it('gathers several --sweep flags, and reads --sort with a leading - as lowest first', () => {
    expect(parse('backtest', '--strategy', 'sma-cross', '--data', 'GOOG.csv', '--sweep', 'fast=5,10', '--sort', '-MAXDRAWDOWNPCT', '--sweep', 'slow=30', '--top', '5')).toMatchObject({
      config: { sweep: { axes: [{ name: 'fast' }, { name: 'slow' }], sort: { statistic: 'maxDrawdownPct', highestFirst: false }, top: 5 } },
    });
  });

  it.each([
    [['--sweep', 'fast=20..5'], "error: option '--sweep <name=values...>' argument 'fast=20..5' is invalid. fast=20..5 runs backwards; give the smaller end first, e.g. fast=5..20"],
    [['--sweep', 'fast=5', '--sweep', 'fast=6'], 'error: --sweep: fast is swept twice; give all of its values in one term, e.g. fast=5,10,20'],
    [['fast=3', '--sweep', 'fast=5..9'], 'error: fast is given as a parameter and swept; drop fast=3 or its --sweep term'],
    [['--sweep', 'fast=2..1000', 'slow=3..500'], 'error: --sweep: the grid has 497,502 parameter sets (999 × 498); at most 100,000, so narrow a range or take a larger step'],
    [['--sweep', 'fast=5', '--trades', 't.csv'], "error: --trades writes one run's file, and --sweep makes many runs; run the parameters you pick without --sweep to write it"],
    [['--sweep', 'fast=5', '--symbols', 'A,B'], 'error: --sweep runs on one symbol, not A, B; give --symbols one name'],
    [['--sort', 'sharpe'], 'error: --sort ranks the parameter sets of a sweep; add --sweep, e.g. --sweep fast=5..20 slow=20..60:5'],
    [['--top', '5'], 'error: --top cuts the table of a sweep; add --sweep, e.g. --sweep fast=5..20 slow=20..60:5'],
    [['--sweep', 'fast=5', '--top', '0'], "error: option '--top <n>' argument '0' is invalid. give the number of rows to show, a whole number above 0, e.g. --top 20"],
  ])('refuses %j in one line', (argv, message) => {
    expect(usageError(parse('backtest', '--strategy', 'sma-cross', '--data', 'GOOG.csv', ...argv))).toBe(message);
  });

  it('names the statistics --sort takes when given another', () => {
    expect(usageError(parse('backtest', '--strategy', 'sma-cross', '--data', 'GOOG.csv', '--sweep', 'fast=5', '--sort', 'sharp'))).toMatch(
      /^error: option '--sort <statistic>' argument 'sharp' is invalid\. 'sharp' is not a statistic to sort by; give one of durationDays, .*sharpe, .*sqn, with a leading - for the lowest first$/,
    );
  });
});
