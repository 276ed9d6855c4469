import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { expandSweepGrid, parseSweepTerm, type SweepAxis } from '../backtest/sweep-grid.js';
import { dec, type Decimal } from '../domain/decimal.js';
import { DEFAULT_SWEEP_SORT, parseSweepSort, type SweepSort } from './backtest-sweep-sort.js';
import { parseCommissionSpec, parseSlippageSpec, type CommissionSpec, type SlippageSpec } from './cost-spec.js';
import { parseRangeDate } from './export-dates.js';

/** Where the bars come from: a CSV file or a folder of them (told apart when read), or the sim's invented market. */
export type BacktestData = { readonly kind: 'path'; readonly path: string } | { readonly kind: 'synthetic'; readonly seed: number };

/** `blotter backtest`: one strategy over history, one run per symbol. */
export interface BacktestConfig {
  /** A strategy's name (built-in or in the trader's strategies folder), or a .js/.mjs/.ts file. */
  readonly strategy: string;
  /** The strategy's `name=value` words, as typed; the strategy's own schema reads them. */
  readonly params: readonly string[];
  readonly data: BacktestData;
  /** Upper case; absent: every CSV of a folder, the file's own name, or the synthetic default. */
  readonly symbols?: readonly string[];
  /** Epoch ms, both ends included. */
  readonly from?: number;
  readonly to?: number;
  readonly cash: Decimal;
  readonly commission: CommissionSpec;
  readonly slippage: SlippageSpec;
  /** The specs as typed (lower case), for the report. */
  readonly commissionText: string;
  readonly slippageText: string;
  readonly json: boolean;
  readonly tradesFile?: string;
  readonly equityFile?: string;
  /** --sweep: a grid of runs instead of one. */
  readonly sweep?: SweepConfig;
}

/** A parameter sweep: every combination of the axes' values, on one symbol. */
export interface SweepConfig {
  /** In the order given; a one-value axis is a fixed parameter, as if given as name=value. */
  readonly axes: readonly SweepAxis[];
  readonly sort: SweepSort;
  /** Rows of the table; --json lists every parameter set. */
  readonly top: number;
}

export const DEFAULT_BACKTEST_CASH = '10000';
export const DEFAULT_SWEEP_TOP = 20;

interface BacktestOptions {
  strategy: string;
  data: BacktestData;
  symbols?: string[];
  from?: RangeEnd;
  to?: RangeEnd;
  cash?: Decimal;
  commission?: Spec<CommissionSpec>;
  slippage?: Spec<SlippageSpec>;
  json?: boolean;
  trades?: string;
  equity?: string;
  sweep?: SweepAxis[];
  sort?: SweepSort;
  top?: number;
}

interface RangeEnd {
  readonly text: string;
  readonly at: number;
}

interface Spec<T> {
  readonly text: string;
  readonly spec: T;
}

const BACKTEST_HELP = `
Runs the strategy over each symbol's bars, one run per symbol, one after the other: orders made on
a bar fill at the next bar's open, size=all buys as many whole shares as equity covers, trades open
at the end close at the last bar's close (as backtesting.py does). Prints a table of statistics
and the equity curve with its drawdown; --json prints one JSON object instead (an array of them
for several symbols). Strategy parameters follow as name=value.
A DATE is an ISO date (a whole day in UTC) or date-time (UTC unless it carries Z or an offset).

--sweep runs every combination of the values it is given on one symbol, on a worker thread per
core, and prints the parameter sets best first by --sort (a table of the top ones and, when exactly
two parameters vary, a heat map of the statistic), or every set with --json. Its terms are
name=a..b (both ends included, step 1), name=a..b:step, or a list name=x,y,z; it takes every
name=values word after it up to the next option, and may be given more than once. Parameter sets
the strategy refuses (fast not below slow) are skipped and counted.
--sort takes a statistic by its --json name: highest first, or lowest first with a leading -
(--sort=-maxDrawdownPct is the same as --sort -maxDrawdownPct).
Exit status: 0 run; 1 the data or a strategy file cannot be read, or the strategy failed; 2 for a
bad command line; 130 a sweep stopped by Ctrl-C.

Examples:
  blotter backtest --strategy sma-cross --data GOOG.csv fast=10 slow=30 mode=reverse size=all
  blotter backtest --strategy sma-cross --data GOOG.csv mode=reverse --sweep fast=5..20 slow=20..60:5 --sort returnPct`;

/** Adds `blotter backtest`; `chosen` receives its settings when it is the command run. */
export function addBacktestCommand(program: Command, chosen: (config: BacktestConfig) => void): void {
  const command = program
    .command('backtest')
    .description('run a strategy over historical bars and print its statistics and equity curve')
    .argument('[params...]', 'strategy parameters as name=value, e.g. fast=10 slow=30')
    .requiredOption('--strategy <name|file>', 'a strategy by name (see `strategies` in the console) or a .js/.mjs/.ts strategy file', parseStrategy)
    .requiredOption('--data <file|dir|synthetic:seed>', 'a CSV of bars, a folder of CSVs (one per symbol, named by file) or synthetic:SEED for invented bars', parseData)
    .option('--symbols <list>', 'which symbols to run, comma-separated, e.g. AAPL,MSFT (default: every CSV of the folder)', parseSymbols)
    .option('--from <date>', 'skip bars before this day (2004-08-19) or moment (2004-08-19T14:30Z)', rangeEnd('from'))
    .option('--to <date>', 'skip bars after the end of this day, or after this moment', rangeEnd('to'))
    .option('--cash <usd>', `starting cash (default: ${DEFAULT_BACKTEST_CASH})`, parseCash)
    .option('--commission <spec>', 'commission per fill: per-share:0.005,min:1, percent:0.1, bps:1 or fixed:1 (default: none)', spec(parseCommissionSpec))
    .option('--slippage <spec>', 'how fills are worse than the open: bps:2 or size:10,base:1,max:50 (default: none)', spec(parseSlippageSpec))
    .option('--json', 'print one JSON report instead of the table and chart')
    .option('--trades <file.csv>', 'also write every trade to this CSV file', parseOutFile('--trades'))
    .option('--equity <file.csv>', 'also write the equity and drawdown at every bar to this CSV file', parseOutFile('--equity'))
    .option('--sweep <name=values...>', 'run a grid of parameters instead of one run: fast=5..20 slow=20..60:5 mode=long,reverse', sweepTerm)
    .option('--sort <statistic>', `with --sweep: the statistic to rank by, highest first; -NAME for lowest first (default: ${DEFAULT_SWEEP_SORT.statistic})`, wrapped(parseSweepSort))
    .option('--top <n>', `with --sweep: rows of the table (default: ${DEFAULT_SWEEP_TOP})`, parseTop)
    .allowExcessArguments(false)
    // Commander's "(Did you mean --sort?)" is a second line; a refusal is one.
    .showSuggestionAfterError(false)
    .addHelpText('after', BACKTEST_HELP)
    .action((params: string[]) => {
      const opts = command.opts<BacktestOptions>();
      const problem = problemOf(opts, params);
      if (problem !== undefined) command.error(`error: ${problem}`);
      chosen(backtestConfig(opts, params));
    });
}

function problemOf(opts: BacktestOptions, params: readonly string[]): string | undefined {
  const { from, to } = opts;
  if (from !== undefined && to !== undefined && from.at > to.at) return `--from ${from.text} is after --to ${to.text}; give the earlier time to --from`;
  const word = params.find((param) => !param.includes('='));
  if (word !== undefined) return `'${word}' is not a strategy parameter; write name=value, e.g. fast=10, or an option such as --json`;
  if (opts.trades !== undefined && opts.equity !== undefined && resolve(opts.trades) === resolve(opts.equity)) return '--trades and --equity name the same file; give each its own';
  return opts.sweep === undefined ? withoutSweep(opts) : sweepProblem(opts.sweep, opts, params);
}

function withoutSweep(opts: BacktestOptions): string | undefined {
  if (opts.sort !== undefined) return '--sort ranks the parameter sets of a sweep; add --sweep, e.g. --sweep fast=5..20 slow=20..60:5';
  if (opts.top !== undefined) return '--top cuts the table of a sweep; add --sweep, e.g. --sweep fast=5..20 slow=20..60:5';
  return undefined;
}

function sweepProblem(axes: readonly SweepAxis[], opts: BacktestOptions, params: readonly string[]): string | undefined {
  const fixed = params.map((param) => param.slice(0, param.indexOf('=')).trim().toLowerCase());
  const both = axes.find((axis) => fixed.includes(axis.name));
  if (both !== undefined) return `${both.name} is given as a parameter and swept; drop ${params[fixed.indexOf(both.name)]} or its --sweep term`;
  const file = opts.trades !== undefined ? '--trades' : opts.equity !== undefined ? '--equity' : undefined;
  if (file !== undefined) return `${file} writes one run's file, and --sweep makes many runs; run the parameters you pick without --sweep to write it`;
  if (opts.symbols !== undefined && opts.symbols.length > 1) return `--sweep runs on one symbol, not ${opts.symbols.join(', ')}; give --symbols one name`;
  try {
    expandSweepGrid(axes);
  } catch (error) {
    return `--sweep: ${error instanceof Error ? error.message : String(error)}`;
  }
  return undefined;
}

function backtestConfig(opts: BacktestOptions, params: readonly string[]): BacktestConfig {
  return {
    strategy: opts.strategy,
    params,
    data: opts.data,
    ...(opts.symbols !== undefined && { symbols: opts.symbols }),
    ...(opts.from !== undefined && { from: opts.from.at }),
    ...(opts.to !== undefined && { to: opts.to.at }),
    cash: opts.cash ?? dec(DEFAULT_BACKTEST_CASH),
    commission: opts.commission?.spec ?? { model: 'none' },
    slippage: opts.slippage?.spec ?? { model: 'none' },
    commissionText: opts.commission?.text ?? 'none',
    slippageText: opts.slippage?.text ?? 'none',
    json: opts.json === true,
    ...(opts.trades !== undefined && { tradesFile: opts.trades }),
    ...(opts.equity !== undefined && { equityFile: opts.equity }),
    ...(opts.sweep !== undefined && { sweep: { axes: opts.sweep, sort: opts.sort ?? DEFAULT_SWEEP_SORT, top: opts.top ?? DEFAULT_SWEEP_TOP } }),
  };
}

function parseStrategy(text: string): string {
  if (text.trim() === '') throw new InvalidArgumentError('give a strategy name such as sma-cross, or a strategy file such as ./my-strategy.ts');
  return text.trim();
}

function parseData(text: string): BacktestData {
  const trimmed = text.trim();
  const synthetic = /^synthetic(?::(.*))?$/i.exec(trimmed);
  if (synthetic !== null) {
    const seed = synthetic[1] ?? '';
    if (!/^\d{1,15}$/.test(seed)) throw new InvalidArgumentError('give the synthetic market a whole-number seed, e.g. --data synthetic:42');
    return { kind: 'synthetic', seed: Number(seed) };
  }
  if (trimmed === '') throw new InvalidArgumentError('give a CSV file, a folder of CSV files or synthetic:SEED, e.g. --data GOOG.csv');
  return { kind: 'path', path: trimmed };
}

const SYMBOL_NAME = /^[A-Z0-9][A-Z0-9._-]{0,19}$/;

function parseSymbols(text: string): string[] {
  const symbols = text.split(',').map((part) => part.trim().toUpperCase());
  const bad = symbols.find((symbol) => !SYMBOL_NAME.test(symbol));
  if (bad !== undefined) throw new InvalidArgumentError(`${bad === '' ? 'an empty name' : `'${bad}'`} is not a symbol; give symbols separated by commas, e.g. --symbols AAPL,MSFT`);
  const twice = symbols.find((symbol, i) => symbols.indexOf(symbol) !== i);
  if (twice !== undefined) throw new InvalidArgumentError(`${twice} is given twice; name each symbol once`);
  return symbols;
}

/**
 * Bars are stamped in UTC (a CSV's dates are UTC midnights), so a date here is a UTC day, not the
 * trader's local one as in `blotter export`: --to 2013-03-01 keeps that day's bar wherever it runs.
 */
function rangeEnd(end: 'from' | 'to'): (text: string) => RangeEnd {
  return (text) => {
    const trimmed = text.trim();
    const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(trimmed);
    const zoned = dayOnly ? `${trimmed}T00:00Z` : /(Z|[+-]\d{2}:\d{2})$/.test(trimmed) ? trimmed : `${trimmed}Z`;
    const at = parseRangeDate(zoned, 'from');
    if (at === undefined) throw new InvalidArgumentError('use a date such as 2004-08-19 (a whole UTC day) or a date-time such as 2004-08-19T14:30Z');
    return { text: trimmed, at: dayOnly && end === 'to' ? at + DAY_MS - 1 : at };
  };
}

const DAY_MS = 86_400_000;

function parseCash(text: string): Decimal {
  const trimmed = text.trim().replace(/,/g, '');
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(trimmed) || dec(trimmed).lte(0)) throw new InvalidArgumentError('use a dollar amount above 0, e.g. --cash 10000 or --cash 2500.50');
  return dec(trimmed);
}

function sweepTerm(text: string, previous: SweepAxis[] | undefined): SweepAxis[] {
  return [...(previous ?? []), wrapped(parseSweepTerm)(text)];
}

function parseTop(text: string): number {
  const trimmed = text.trim();
  if (!/^\d{1,6}$/.test(trimmed) || Number(trimmed) === 0) throw new InvalidArgumentError('give the number of rows to show, a whole number above 0, e.g. --top 20');
  return Number(trimmed);
}

/** A parser that throws a plain Error of one line, as commander's refusal of the option. */
function wrapped<T>(parse: (text: string) => T): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };
}

function spec<T>(parse: (text: string) => T): (text: string) => Spec<T> {
  return (text) => {
    try {
      return { text: text.trim().toLowerCase(), spec: parse(text) };
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };
}

function parseOutFile(flag: string): (text: string) => string {
  return (text) => {
    if (text.trim() === '' || text.trim() === '-') throw new InvalidArgumentError(`give a file to write, e.g. ${flag} ${flag.slice(2)}.csv`);
    return text.trim();
  };
}
