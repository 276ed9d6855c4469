import type { StrategyMetrics } from '../strategy/instance-status.js';
import type { StrategyManager } from '../strategy/strategy-manager.js';

/** One instance in the report: decimals as strings, like the rest of the report. */
export interface StrategyReportRow {
  readonly id: string;
  readonly name: string;
  readonly symbol: string;
  readonly bar: string;
  readonly state: string;
  readonly error?: string;
  readonly signalsSent: number;
  readonly signalsRefused: Readonly<Record<string, number>>;
  readonly position: string;
  readonly realizedPnl: string;
  /** Absent while an open position has no price to mark it at. */
  readonly unrealizedPnl?: string;
  readonly lastSignal?: string;
}

export interface StrategiesReport {
  readonly instances: readonly StrategyReportRow[];
  readonly metrics: StrategyMetrics;
}

export function strategiesReport(manager: Pick<StrategyManager, 'list' | 'metrics'>): StrategiesReport {
  return {
    instances: manager.list().map((row) => ({
      id: row.id,
      name: row.name,
      symbol: row.symbol,
      bar: row.timeframe,
      state: row.state,
      ...(row.error !== undefined && { error: row.error }),
      signalsSent: row.sent,
      signalsRefused: { ...row.refusedBy },
      position: row.position.toFixed(),
      realizedPnl: row.realized.toFixed(),
      ...(row.unrealized !== undefined && { unrealizedPnl: row.unrealized.toFixed() }),
      ...(row.lastSignal !== undefined && { lastSignal: row.lastSignal.text }),
    })),
    metrics: manager.metrics(),
  };
}
