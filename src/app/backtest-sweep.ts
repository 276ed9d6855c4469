import { STATISTIC_FORMULAS } from '../backtest/statistics.js';
import { expandSweepGrid, varyingAxes, type SweepAxis, type SweepCell } from '../backtest/sweep-grid.js';
import type { BarColumns } from '../backtest/types.js';
import { parseStrategyParams, resolveStrategyParams } from '../strategy/params.js';
import type { StrategyDefinition } from '../strategy/strategy.js';
import type { BacktestConfig, SweepConfig } from './backtest-config.js';
import { renderHeatMap } from './backtest-render/heat-map.js';
import { dataSummary } from './backtest-render/json-report.js';
import { progressLine } from './backtest-render/progress-bar.js';
import { renderSweepTable, statisticHeading, type SweepRow } from './backtest-render/sweep-table.js';
import { shareBars } from './backtest-sweep-protocol.js';
import { runSweepPool, SweepInterrupted, SweepRunError, type SweepCellResult } from './backtest-sweep-pool.js';
import { sortSweepCells } from './backtest-sweep-sort.js';
import { USAGE_EXIT } from './config.js';

/** Where a sweep writes and what stops it: the process's streams and signals, or a test's. */
export interface SweepIo {
  readonly stdout: { readonly isTTY?: boolean | undefined };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean | undefined };
  readonly strategiesDir?: string;
  /** Stands for Ctrl-C; SIGINT and SIGTERM when absent. */
  readonly signal?: AbortSignal;
  /** Worker threads; one per core when absent. */
  readonly workers?: number;
}

export interface SweepInput {
  readonly config: BacktestConfig;
  readonly sweep: SweepConfig;
  readonly definition: StrategyDefinition;
  readonly symbol: string;
  /** The CSV file as given, or `synthetic:SEED`. */
  readonly source: string;
  readonly bars: BarColumns;
}

/** Why a sweep stopped, one line, and the exit status it means. */
export class SweepError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

const RUN_FAILED_EXIT = 1;
const INTERRUPTED_EXIT = 130;

/** A parameter set the sweep ran, and what it made. */
interface SweepOutcome extends SweepCellResult {
  readonly cell: SweepCell;
  readonly params: Readonly<Record<string, string | number>>;
}

/**
 * Runs the grid on the worker pool and gives the report to print: the sorted table and, for two
 * swept parameters, the heat map; with --json every parameter set's parameters and statistics.
 * Parameter sets the strategy's check refuses are skipped and counted; a value its schema refuses
 * stops the sweep before anything runs.
 */
export async function runSweep(input: SweepInput, io: SweepIo): Promise<string> {
  const { config, sweep, definition } = input;
  const planned = planCells(definition, config.params, sweep.axes);
  if (planned.runs.length === 0) {
    const example = planned.skipped[0]?.problem ?? 'no parameter set';
    throw new SweepError(`${definition.name} refuses every one of the ${planned.skipped.length} parameter sets (${example}); change the ranges`, USAGE_EXIT);
  }
  const results = await runOnPool(input, planned.runs, io);
  const outcomes = planned.runs.map((run, i) => ({ ...run, ...(results[i] as SweepCellResult) }));
  const sorted = sortSweepCells(outcomes, sweep.sort);
  return config.json ? `${JSON.stringify(jsonSweep(input, planned, sorted), null, 2)}\n` : textSweep(input, planned, outcomes, sorted, io.stdout.isTTY === true && process.env.NO_COLOR === undefined);
}

interface PlannedCells {
  readonly total: number;
  readonly runs: ReadonlyArray<{ readonly cell: SweepCell; readonly params: Readonly<Record<string, string | number>> }>;
  readonly skipped: ReadonlyArray<{ readonly cell: SweepCell; readonly problem: string }>;
}

function planCells(definition: StrategyDefinition, fixed: readonly string[], axes: readonly SweepAxis[]): PlannedCells {
  const fixedReading = parseStrategyParams(definition.params, fixed);
  if (!fixedReading.ok) throw new SweepError(`${definition.name}: ${fixedReading.problem}`, USAGE_EXIT);
  for (const axis of axes) {
    for (const value of axis.values) {
      const reading = parseStrategyParams(definition.params, [...fixed, `${axis.name}=${value}`]);
      if (!reading.ok) throw new SweepError(`${definition.name}: ${reading.problem} (in --sweep ${axis.name})`, USAGE_EXIT);
    }
  }
  const cells = expandSweepGrid(axes);
  const runs: Array<PlannedCells['runs'][number]> = [];
  const skipped: Array<PlannedCells['skipped'][number]> = [];
  for (const cell of cells) {
    const reading = resolveStrategyParams(definition, [...fixed, ...Object.entries(cell).map(([name, value]) => `${name}=${value}`)]);
    if (reading.ok) runs.push({ cell, params: reading.values as Readonly<Record<string, string | number>> });
    else skipped.push({ cell, problem: reading.problem });
  }
  return { total: cells.length, runs, skipped };
}

async function runOnPool(input: SweepInput, runs: PlannedCells['runs'], io: SweepIo): Promise<SweepCellResult[]> {
  const { config, definition } = input;
  const interrupt = new AbortController();
  const onSignal = (): void => interrupt.abort();
  const signal = io.signal ?? interrupt.signal;
  // Once: a second Ctrl-C while the workers are being stopped leaves at once, as the default does.
  if (io.signal === undefined) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  const progress = !config.json && io.stderr.isTTY === true ? sweepProgress(io.stderr) : undefined;
  try {
    return await runSweepPool(
      {
        strategy: config.strategy,
        strategiesDir: io.strategiesDir,
        symbol: input.symbol,
        bars: shareBars(input.bars),
        cash: config.cash.toFixed(),
        commission: config.commissionText,
        slippage: config.slippageText,
      },
      runs.map((run) => run.params),
      { signal, ...(io.workers !== undefined && { workers: io.workers }), ...(progress !== undefined && { onProgress: progress.update }) },
    );
  } catch (error) {
    if (error instanceof SweepInterrupted) throw new SweepError(`sweep stopped by Ctrl-C after ${error.done} of ${error.total} parameter sets; nothing to report`, INTERRUPTED_EXIT);
    if (error instanceof SweepRunError) throw new SweepError(`${definition.name} on ${input.symbol} with ${paramsText(runs[error.index]?.params ?? {})} stopped: ${error.message}`, RUN_FAILED_EXIT);
    throw new SweepError(`${definition.name}'s sweep stopped: ${error instanceof Error ? error.message : String(error)}`, RUN_FAILED_EXIT);
  } finally {
    progress?.finish();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Redraws on whole percents only: a sweep of many short runs would otherwise write a line per run. */
function sweepProgress(out: SweepIo['stderr']): { update: (done: number, total: number) => void; finish: () => void } {
  let shown = -1;
  return {
    update: (done, total) => {
      const percent = Math.floor((done / total) * 100);
      if (percent === shown) return;
      shown = percent;
      out.write(`\r\u001b[K${progressLine('sweep', done, total).replace(/ bars$/, ' parameter sets')}`);
    },
    finish: () => {
      if (shown >= 0) out.write('\r\u001b[K');
    },
  };
}

function paramsText(params: Readonly<Record<string, string | number>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}

function textSweep(input: SweepInput, planned: PlannedCells, outcomes: readonly SweepOutcome[], sorted: readonly SweepOutcome[], colour: boolean): string {
  const { config, sweep, definition } = input;
  const varying = varyingAxes(sweep.axes);
  const names = varying.map((axis) => axis.name);
  const fixed = Object.fromEntries(Object.entries((outcomes[0] as SweepOutcome).params).filter(([name]) => !names.includes(name)));
  const data = dataSummary(input.source, input.bars);
  const shape = varying.map((axis) => `${axis.name} ${axis.values.length}`).join(' × ');
  const skipped = planned.skipped.length === 0 ? '' : `, ${planned.skipped.length} skipped: ${definition.name} refuses them (${(planned.skipped[0] as PlannedCells['skipped'][number]).problem}, …)`;
  const shown = sorted.slice(0, sweep.top);
  const direction = sweep.sort.highestFirst ? 'highest first' : 'lowest first';
  const lines = [
    `${definition.name} on ${input.symbol}: ${data.bars.toLocaleString('en-US')} bars of ${data.source}`,
    `cash ${config.cash.toFixed(2)}, commission ${config.commissionText}, slippage ${config.slippageText}${Object.keys(fixed).length === 0 ? '' : `; ${paramsText(fixed)} in every run`}`,
    `${planned.total.toLocaleString('en-US')} parameter sets${shape === '' ? '' : ` (${shape})`}: ${outcomes.length.toLocaleString('en-US')} run${skipped}`,
    `${shown.length === sorted.length ? `All ${shown.length}` : `Top ${shown.length} of ${sorted.length.toLocaleString('en-US')}`} by ${statisticHeading(sweep.sort.statistic)}, ${direction}:`,
    '',
    ...renderSweepTable(shown.map(tableRow), names, sweep.sort),
  ];
  const [rows, columns] = varying;
  if (varying.length === 2 && rows !== undefined && columns !== undefined) {
    const byCell = new Map(outcomes.map((outcome) => [cellKey(outcome.cell, rows.name, columns.name), outcome.statistics[sweep.sort.statistic]]));
    const value = (r: number, c: number): number | null | undefined => byCell.get(`${rows.values[r]}\u0000${columns.values[c]}`);
    lines.push('', ...renderHeatMap({ rows, columns, value, sort: sweep.sort, colour }));
  }
  return `${lines.join('\n')}\n`;
}

function cellKey(cell: SweepCell, rows: string, columns: string): string {
  return `${cell[rows]}\u0000${cell[columns]}`;
}

function tableRow(outcome: SweepOutcome): SweepRow {
  return { params: outcome.cell, statistics: outcome.statistics, equityFinal: outcome.equityFinal };
}

/** Every parameter set best first, with its statistics under the single run's names; money exact. */
function jsonSweep(input: SweepInput, planned: PlannedCells, sorted: readonly SweepOutcome[]): Record<string, unknown> {
  const { config, sweep, definition } = input;
  return {
    strategy: definition.name,
    symbol: input.symbol,
    data: dataSummary(input.source, input.bars),
    cash: config.cash.toFixed(2),
    commission: config.commissionText,
    slippage: config.slippageText,
    sweep: Object.fromEntries(sweep.axes.map((axis) => [axis.name, axis.values])),
    sort: { statistic: sweep.sort.statistic, highestFirst: sweep.sort.highestFirst },
    parameterSets: planned.total,
    skipped: planned.skipped.map(({ cell, problem }) => ({ params: cell, problem })),
    results: sorted.map((outcome) => ({ params: outcome.params, statistics: { ...outcome.statistics, equityFinal: outcome.equityFinal } })),
    formulas: STATISTIC_FORMULAS,
  };
}
