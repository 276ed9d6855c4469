import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { runBacktest } from '../backtest/backtest.js';
import { barsBetween } from '../backtest/data/bars-between.js';
import { syntheticBacktestBars } from '../backtest/data/synthetic-data.js';
import { computeStatistics, STATISTIC_FORMULAS } from '../backtest/statistics.js';
import type { BacktestRun, BarColumns } from '../backtest/types.js';
import { errorText } from '../core/error-text.js';
import { errorCode } from '../persistence/error-code.js';
import { BUILTIN_STRATEGIES, findBuiltinStrategy } from '../strategy/builtins/index.js';
import { resolveStrategyParams } from '../strategy/params.js';
import type { StrategyDefinition } from '../strategy/strategy.js';
import type { BacktestConfig } from './backtest-config.js';
import { writeBacktestExports } from './backtest-export.js';
import { runSweep, SweepError, type SweepIo } from './backtest-sweep.js';
import { DEFAULT_CHART_SIZE, renderEquityChart } from './backtest-render/equity-chart.js';
import { dataSummary, jsonReport } from './backtest-render/json-report.js';
import { progressBar } from './backtest-render/progress-bar.js';
import { renderStatsTable } from './backtest-render/stats-table.js';
import { commissionModel, slippageModel } from './brokers/sim-costs.js';
import { loadBars } from './bar-cache.js';
import { USAGE_EXIT } from './config.js';
import { defaultStrategiesDir, loadStrategyFiles } from './strategy-files.js';

/** Where the command writes: the process's streams, or a test's. */
export interface BacktestIo {
  readonly stdout: { write(text: string): unknown; readonly columns?: number | undefined; readonly isTTY?: boolean | undefined };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean | undefined };
  /** The trader's strategies folder, for a strategy given by name; the config directory's when absent. */
  readonly strategiesDir?: string;
  /** Where parsed CSVs are cached; the bar cache's own default when absent. */
  readonly barCacheDir?: string;
  /** A sweep's: what stands for Ctrl-C, and how many worker threads (see SweepIo). */
  readonly signal?: SweepIo['signal'];
  readonly workers?: SweepIo['workers'];
}

/** Why the command stopped: a usage problem (exit 2) or one of the data or the run (exit 1); one line each. */
class BacktestError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

const RUN_FAILED_EXIT = 1;
const FILE_EXTENSIONS = /\.(m?js|ts)$/i;

/**
 * `blotter backtest`: one run per symbol, one after the other, each printed as its statistics and
 * chart (or, with --json, as one object: an array of them for several symbols); with --sweep, a
 * grid of runs on one symbol on worker threads (backtest-sweep.ts). Every run is done and the
 * export files written before anything goes to stdout, so a failure leaves no half report.
 */
export async function runBacktestCommand(config: BacktestConfig, io: BacktestIo = process): Promise<number> {
  try {
    const definition = await strategyDefinition(config.strategy, io.strategiesDir);
    if (config.sweep !== undefined) {
      const [source, ...others] = await loadBarSeries(config, io.barCacheDir);
      if (source === undefined || others.length > 0) {
        const symbols = [source, ...others].map((one) => one?.symbol).join(', ');
        throw new BacktestError(`--sweep runs on one symbol, and the data has ${symbols}; give --symbols one of them`, USAGE_EXIT);
      }
      io.stdout.write(await runSweep({ config, sweep: config.sweep, definition, ...source }, io));
      return 0;
    }
    const reading = resolveStrategyParams(definition, config.params);
    if (!reading.ok) throw new BacktestError(`${definition.name}: ${reading.problem}`, USAGE_EXIT);
    const series = await loadBarSeries(config, io.barCacheDir);
    const showProgress = !config.json && io.stderr.isTTY === true;
    const runs = series.map((source) => ({ source, run: runOne(config, definition, reading.values, source, showProgress ? io.stderr : undefined) }));
    const reports = runs.map(({ source, run }) => ({ source, run, statistics: computeStatistics(run) }));
    await writeBacktestExports(reports.map(({ run }) => run), config);
    if (config.json) {
      const objects = reports.map(({ source, run, statistics }) =>
        jsonReport({ run, statistics, formulas: STATISTIC_FORMULAS, data: dataSummary(source.source, run.bars), commission: config.commissionText, slippage: config.slippageText }),
      );
      io.stdout.write(`${JSON.stringify(objects.length === 1 ? objects[0] : objects, null, 2)}\n`);
    } else {
      const width = io.stdout.isTTY === true && io.stdout.columns !== undefined ? io.stdout.columns : DEFAULT_CHART_SIZE.width;
      io.stdout.write(reports.map(({ source, run, statistics }) => textReport(config, source, run, statistics, width)).join('\n'));
    }
    return 0;
  } catch (error) {
    io.stderr.write(`blotter backtest: ${errorText(error)}\n`);
    return error instanceof BacktestError || error instanceof SweepError ? error.exitCode : RUN_FAILED_EXIT;
  }
}

function runOne(
  config: BacktestConfig,
  definition: StrategyDefinition,
  params: Parameters<typeof runBacktest>[0]['params'],
  source: BarSeriesSource,
  progressOut: BacktestIo['stderr'] | undefined,
): BacktestRun {
  const progress = progressOut === undefined ? undefined : progressBar(progressOut, source.symbol);
  try {
    return runBacktest({
      definition,
      params,
      symbol: source.symbol,
      bars: source.bars,
      cash: config.cash,
      commission: commissionModel(config.commission),
      slippage: slippageModel(config.slippage),
      ...(progress !== undefined && { onProgress: progress.update }),
    });
  } catch (error) {
    throw new BacktestError(`${definition.name} on ${source.symbol} stopped: ${errorText(error)}`, RUN_FAILED_EXIT);
  } finally {
    progress?.finish();
  }
}

function textReport(config: BacktestConfig, source: BarSeriesSource, run: BacktestRun, statistics: ReturnType<typeof computeStatistics>, width: number): string {
  const params = Object.entries(run.params)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  const data = dataSummary(source.source, run.bars);
  const lines = [
    `${run.strategy}${params === '' ? '' : ` ${params}`} on ${run.symbol}: ${data.bars.toLocaleString('en-US')} bars of ${data.source}`,
    `cash ${run.startingCash.toFixed(2)}, commission ${config.commissionText}, slippage ${config.slippageText}`,
    '',
    ...renderStatsTable(statistics, { equityFinal: run.equityFinal.toFixed(2) }),
    ...refusals(run.refused),
    '',
    ...renderEquityChart(run.equity, run.bars.start, { ...DEFAULT_CHART_SIZE, width }),
  ];
  return `${lines.join('\n')}\n`;
}

/** What the strategy asked for and could not have, so a quiet run is not mistaken for a flat one. */
function refusals(refused: Readonly<Record<string, number>>): string[] {
  const entries = Object.entries(refused);
  if (entries.length === 0) return [];
  return ['', `Intents refused: ${entries.map(([why, count]) => `${count} × ${why}`).join('; ')}`];
}

/** A built-in or the trader's own strategy by name, or the one strategy a given file exports (a sweep's workers resolve it so too). */
export async function strategyDefinition(text: string, strategiesDir: string | undefined): Promise<StrategyDefinition> {
  if (FILE_EXTENSIONS.test(text) || text.includes('/')) return strategyFromFile(text);
  const builtin = findBuiltinStrategy(text);
  if (builtin !== undefined) return builtin;
  const own = await loadStrategyFiles(strategiesDir ?? defaultStrategiesDir(), BUILTIN_STRATEGIES.map((definition) => definition.name));
  const wanted = text.toLowerCase();
  const found = own.definitions.find((definition) => definition.name === wanted);
  if (found !== undefined) return found;
  const known = [...BUILTIN_STRATEGIES, ...own.definitions].map((definition) => definition.name).join(', ');
  throw new BacktestError(`unknown strategy ${text}; known are ${known}, or give a .js, .mjs or .ts strategy file`, USAGE_EXIT);
}

/**
 * The strategy files loader reads a folder, so the file's folder is read and its own definitions
 * taken; a file exporting several strategies is refused, as which one to test would be a guess.
 */
async function strategyFromFile(path: string): Promise<StrategyDefinition> {
  const file = resolve(path);
  try {
    if (!(await stat(file)).isFile()) throw new BacktestError(`--strategy ${path} is not a file; give a .js, .mjs or .ts strategy file`, USAGE_EXIT);
  } catch (error) {
    if (error instanceof BacktestError) throw error;
    const why = errorCode(error) === 'ENOENT' ? 'no such file' : errorText(error);
    throw new BacktestError(`--strategy ${path}: ${why}; give a strategy name such as sma-cross, or a .js, .mjs or .ts strategy file`, USAGE_EXIT);
  }
  if (!FILE_EXTENSIONS.test(file)) throw new BacktestError(`--strategy ${path} is not a .js, .mjs or .ts file; give a strategy file, or a strategy's name`, USAGE_EXIT);
  const label = `${basename(dirname(file))}/${basename(file)}`;
  const files = await loadStrategyFiles(dirname(file), BUILTIN_STRATEGIES.map((definition) => definition.name));
  const problem = files.problems.find((line) => line.startsWith(`${label}: `));
  if (problem !== undefined) throw new BacktestError(`strategy file ${problem}`, RUN_FAILED_EXIT);
  const names = files.loaded.find((loaded) => loaded.file === label)?.names ?? [];
  if (names.length > 1) throw new BacktestError(`${path} exports ${names.join(', ')}; put the strategy to test in a file of its own`, USAGE_EXIT);
  const found = files.definitions.find((definition) => definition.name === names[0]);
  if (found === undefined) throw new BacktestError(`${path} was not loaded; give a .js, .mjs or .ts strategy file`, RUN_FAILED_EXIT);
  return found;
}

/** One symbol's bars to run over, and where they came from. */
interface BarSeriesSource {
  readonly symbol: string;
  /** The CSV file as given, or `synthetic:SEED`. */
  readonly source: string;
  readonly bars: BarColumns;
}

const SYNTHETIC_SYMBOL = 'SYNTH';

/** Every symbol's bars, cut to --from and --to, in the order the symbols were asked for (else by name). */
async function loadBarSeries(config: BacktestConfig, cacheDir: string | undefined): Promise<BarSeriesSource[]> {
  const series = config.data.kind === 'synthetic' ? syntheticSeries(config.data.seed, config.symbols ?? [SYNTHETIC_SYMBOL]) : await csvSeries(config.data.path, config.symbols, cacheDir);
  return series.map((one) => {
    const cut = barsBetween(one.bars, one.symbol, config.from, config.to);
    if (!cut.ok) throw new BacktestError(cut.problem, USAGE_EXIT);
    return { ...one, bars: cut.bars };
  });
}

function syntheticSeries(seed: number, symbols: readonly string[]): BarSeriesSource[] {
  return symbols.map((symbol) => ({ symbol, source: `synthetic:${seed}`, bars: syntheticBacktestBars({ seed, symbol }) }));
}

async function csvSeries(path: string, symbols: readonly string[] | undefined, cacheDir: string | undefined): Promise<BarSeriesSource[]> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch (error) {
    const why = errorCode(error) === 'ENOENT' ? 'no such file or folder' : errorText(error);
    throw new BacktestError(`--data ${path}: ${why}; give a CSV file, a folder of CSV files or synthetic:SEED`, USAGE_EXIT);
  }
  const files = isFolder ? await folderFiles(path, symbols) : [{ symbol: fileFor(path, symbols), file: path }];
  const series: BarSeriesSource[] = [];
  for (const { symbol, file } of files) {
    const read = await loadBars(file, cacheDir === undefined ? {} : { cacheDir });
    if (!read.ok) throw new BacktestError(read.problem, RUN_FAILED_EXIT);
    series.push({ symbol, source: file, bars: read.bars });
  }
  return series;
}

/** A file's symbol is its name without .csv, in upper case; one --symbols name may rename it. */
function fileFor(path: string, symbols: readonly string[] | undefined): string {
  const own = symbolOf(path);
  if (symbols === undefined) return own;
  if (symbols.length > 1) throw new BacktestError(`--data ${path} is one file (${own}), so it cannot be ${symbols.join(', ')}; give a folder of CSV files for several symbols`, USAGE_EXIT);
  return symbols[0] as string;
}

async function folderFiles(dir: string, symbols: readonly string[] | undefined): Promise<Array<{ symbol: string; file: string }>> {
  const names = (await readdir(dir)).filter((name) => extname(name).toLowerCase() === '.csv' && !name.startsWith('.')).sort();
  const bySymbol = new Map(names.map((name) => [symbolOf(name), join(dir, name)]));
  if (bySymbol.size === 0) throw new BacktestError(`--data ${dir} holds no .csv files; give a folder with one CSV of bars per symbol, e.g. GOOG.csv`, USAGE_EXIT);
  if (symbols === undefined) return [...bySymbol].map(([symbol, file]) => ({ symbol, file }));
  return symbols.map((symbol) => {
    const file = bySymbol.get(symbol);
    if (file === undefined) throw new BacktestError(`--symbols ${symbol}: ${dir} has no ${symbol}.csv; it has ${[...bySymbol.keys()].join(', ')}`, USAGE_EXIT);
    return { symbol, file };
  });
}

function symbolOf(path: string): string {
  return basename(path, extname(path)).toUpperCase();
}

