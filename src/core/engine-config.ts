import type { PollSchedule } from './poll-schedule.js';
import { DEFAULT_POLL_SCHEDULE } from './poll-schedule.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from './risk-gate.js';
import { dec, type Decimal } from '../domain/decimal.js';

/** Everything about the core's behaviour a trader or a test may tune. */
export interface EngineConfig {
  /** Working orders without their own ttl are cancelled after this long (0 = never). GTC orders are exempt. */
  readonly orderTimeoutMs: number;
  /** How often the batched poller reads the fills and the open orders, with the stream healthy and not. */
  readonly poll: PollSchedule;
  readonly retry: RetryPolicy;
  /** Client-side request budget (Alpaca allows 200 a minute per key). */
  readonly rateLimit: { readonly limit: number; readonly intervalMs: number };
  /**
   * Broker failures within the window that halt new orders, and how long after that one probe
   * tests whether the broker answers again (the default, 30 s, when left out).
   */
  readonly breaker: { readonly failureThreshold: number; readonly windowMs: number; readonly coolDownMs?: number };
  readonly risk: RiskLimits;
  /** A fill this many basis points worse than expected is warned about. */
  readonly slippageWarnBps: Decimal;
  readonly accountRefreshMs: number;
  readonly reconcileEveryMs: number;
  /** Orders touched more recently than this are left out of reconciliation's judgement. */
  readonly settleMs: number;
  /** How far back reconciliation looks at closed orders. */
  readonly lookbackMs: number;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  orderTimeoutMs: 60_000,
  poll: DEFAULT_POLL_SCHEDULE,
  retry: DEFAULT_RETRY_POLICY,
  rateLimit: { limit: 200, intervalMs: 60_000 },
  breaker: { failureThreshold: 5, windowMs: 60_000, coolDownMs: 30_000 },
  risk: DEFAULT_RISK_LIMITS,
  slippageWarnBps: dec(50),
  accountRefreshMs: 5_000,
  reconcileEveryMs: 30_000,
  settleMs: 5_000,
  lookbackMs: 24 * 60 * 60 * 1000,
};
