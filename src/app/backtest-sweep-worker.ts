import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { runBacktest } from '../backtest/backtest.js';
import { computeStatistics, type BacktestStatistics } from '../backtest/statistics.js';
import { errorText } from '../core/error-text.js';
import { dec } from '../domain/decimal.js';
import type { ParamValues, ParamSchema } from '../strategy/params.js';
import { strategyDefinition } from './backtest-cli.js';
import { SWEEP_WORKER_MARKER, sharedColumns, type SweepReply, type SweepRequest, type SweepWorkerData } from './backtest-sweep-protocol.js';
import { commissionModel, slippageModel } from './brokers/sim-costs.js';
import { parseCommissionSpec, parseSlippageSpec } from './cost-spec.js';

/** True in a thread the sweep started: the bundle's entry asks this before running the CLI. */
export function isSweepWorker(): boolean {
  return !isMainThread && typeof workerData === 'object' && workerData !== null && (workerData as Record<string, unknown>)[SWEEP_WORKER_MARKER] === true;
}

/**
 * The worker's life: load the strategy once, then run each parameter set it is sent over the
 * shared bars and send back its statistics. The pool terminates the thread when the sweep ends.
 */
export async function runSweepWorker(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('runSweepWorker runs in a worker thread started by the sweep pool');
  const data = workerData as SweepWorkerData;
  let run: (params: SweepRequest['params']) => { statistics: BacktestStatistics; equityFinal: string };
  try {
    const definition = await strategyDefinition(data.strategy, data.strategiesDir);
    const bars = sharedColumns(data.bars);
    const cash = dec(data.cash);
    const commission = commissionModel(parseCommissionSpec(data.commission));
    const slippage = slippageModel(parseSlippageSpec(data.slippage));
    run = (params) => {
      const result = runBacktest({ definition, params: params as ParamValues<ParamSchema>, symbol: data.symbol, bars, cash, commission, slippage });
      return { statistics: computeStatistics(result), equityFinal: result.equityFinal.toFixed(2) };
    };
  } catch (error) {
    port.postMessage({ kind: 'failed', message: errorText(error) } satisfies SweepReply);
    return;
  }
  port.on('message', ({ index, params }: SweepRequest) => {
    try {
      port.postMessage({ kind: 'done', index, ...run(params) } satisfies SweepReply);
    } catch (error) {
      port.postMessage({ kind: 'error', index, message: errorText(error) } satisfies SweepReply);
    }
  });
}
