import type { ExchangeRecords, FaultStats, SimControls } from '../broker/controls.js';
import type { BooksStatus } from '../core/events.js';
import type { MetricsSnapshot } from '../core/metrics.js';
import type { ReconciliationCounts } from '../core/reconciliation-counts.js';
import { encodeAdjustment, encodeOrder, encodePortfolio } from '../persistence/profile-codec.js';
import type { StoredAdjustment, StoredFill, StoredOrder, StoredPosition } from '../persistence/profile-schema.js';
import { BROKER_COMPARISON_SCOPE, compareWithBroker, type BrokerReading } from './broker-ledger.js';
import { compareWithLedger, type LedgerComparison, type LedgerMatches, type LocalView } from './ledger-match.js';
import { RETENTION_MS, type Session } from './session.js';
import { strategiesReport, type StrategiesReport } from './strategies-report.js';

/** One script line and how it was answered. */
export interface CommandRecord {
  readonly line: string;
  readonly ok: boolean;
  readonly text: string;
}

/** The simulated exchange's own books, in the shapes of its file, and what its faults did. */
export interface ExchangeReport {
  /** Replays the same market (and, unless the fault spec names a seed, the same fault dice). */
  readonly seed: number;
  readonly orders: ExchangeRecords['orders'];
  readonly fills: ExchangeRecords['fills'];
  readonly positions: Readonly<Record<string, StoredPosition>>;
  readonly cash: string;
  readonly faultStats: FaultStats;
}

/** Said in place of the matches for a broker that shows no ledger of its own to compare with. */
export const LEDGER_NOT_AVAILABLE = 'not available: this broker shows no ledger to compare with';

/** Said in place of the matches when the broker's API could not be read at the end of the run (the problems say why). */
export const BROKER_NOT_READ = 'not available: the broker could not be read at the end of the run';

/** What the local view was compared with: a simulator's own ledger, or what a broker's REST API reports. */
export type ComparedWith = 'exchange ledger' | 'broker REST';

/**
 * What `blotter run` prints. Decimals are strings, in the same shapes as the profile file (local)
 * and the exchange's file (exchange).
 */
export interface RunReport {
  readonly ok: boolean;
  /** Why ok is false, one line each: rejected commands, work left at the deadline, differences. */
  readonly problems: string[];
  /** The broker `--broker` picked. */
  readonly broker: string;
  readonly commands: readonly CommandRecord[];
  readonly orders: StoredOrder[];
  readonly fills: StoredFill[];
  readonly positions: Readonly<Record<string, StoredPosition>>;
  readonly cash: string;
  /** Corrections booked this run and before (still in the live books), each with its reason. */
  readonly adjustments: StoredAdjustment[];
  /** Adjustments booked and fills the broker does not know, this run; positions that do not balance. */
  readonly books: BooksStatus;
  /** Only a simulator shows its books. */
  readonly exchange?: ExchangeReport;
  readonly metrics: MetricsSnapshot;
  /** What reconciliation took from the broker's orders and what it overrode, this session. */
  readonly reconciliation: ReconciliationCounts;
  readonly matches: LedgerMatches | typeof LEDGER_NOT_AVAILABLE | typeof BROKER_NOT_READ;
  /** Absent when nothing was compared. */
  readonly comparedWith?: ComparedWith;
  /** With the broker's REST API: what each of the matches covered (a broker shows less than a simulator's ledger). */
  readonly comparedParts?: typeof BROKER_COMPARISON_SCOPE;
  /** The differences behind a false in `matches`, one line each. */
  readonly differences: string[];
  readonly workingLeft: StoredOrder[];
  readonly deadlinePassed: boolean;
  /** Every strategy instance of the run, with its own position and P&L, and the slots' figures. */
  readonly strategies: StrategiesReport;
}

/** A run on the simulator: its books are in the report, and the local view was compared with them. */
export interface SimRunReport extends RunReport {
  readonly exchange: ExchangeReport;
  readonly matches: LedgerMatches;
}

export interface ReportInput {
  readonly session: Session;
  readonly commands: readonly CommandRecord[];
  readonly deadlinePassed: boolean;
  /** For a broker without a ledger: what its API reported at the end of the run (readBrokerLedger). */
  readonly broker?: BrokerReading;
}

/**
 * Reads the session's final state: the local view, the exchange's ledger where it shows one (else
 * what the broker's API reported, when read), and how they compare.
 */
export function buildReport({ session, commands, deadlinePassed, broker: reading }: ReportInput): RunReport {
  const { engine, broker, profile } = session;
  const orders = [...engine.orders()].sort((a, b) => a.seq - b.seq);
  const { fills, adjustments } = profile.load();
  const books = engine.booksStatus();
  const portfolio = engine.portfolio();
  const working = [...engine.workingOrders()].sort((a, b) => a.seq - b.seq);
  const { controls } = broker;
  const view: LocalView = { orders, fills, portfolio };
  const compared = controls === undefined ? undefined : compareWithExchange(controls, view);
  const withBroker = controls === undefined && reading?.ok === true ? compareWithBroker(view, reading.ledger) : undefined;
  const comparison: LedgerComparison | undefined = compared ?? withBroker;
  const local = encodePortfolio(portfolio);

  const problems = commands.flatMap((c, i) => (c.ok ? [] : [`command ${i + 1} rejected: ${c.line} — ${c.text}`]));
  const left = `${working.length} order${working.length === 1 ? '' : 's'} still working`;
  if (deadlinePassed) problems.push(`the deadline passed with work left (${left} after the final reconciliation)`);
  else if (working.length > 0) problems.push(left);
  const unequal = comparison === undefined ? [] : (Object.keys(comparison.matches) as (keyof LedgerMatches)[]).filter((k) => !comparison.matches[k]);
  if (unequal.length > 0) problems.push(`local state differs from the ${compared === undefined ? 'broker' : 'exchange'}'s: ${unequal.join(', ')}`);
  if (reading?.ok === false) problems.push(session.redact(reading.problem));
  if (books.adjustments > 0) problems.push(`${books.adjustments} adjustment${books.adjustments === 1 ? '' : 's'} booked: the broker's figures differed from the books (see adjustments)`);
  if (books.unknownFills > 0) problems.push(`${books.unknownFills} order${books.unknownFills === 1 ? ' has' : 's have'} fills the broker does not know`);
  for (const difference of books.unbalanced) problems.push(`books do not balance: ${difference}`);

  return {
    ok: problems.length === 0,
    problems,
    broker: broker.name,
    commands,
    orders: orders.map(encodeOrder),
    fills: profile.storedFills(),
    positions: local.positions,
    cash: local.cash,
    adjustments: adjustments.map(encodeAdjustment),
    books,
    ...(compared !== undefined && { exchange: compared.exchange }),
    metrics: engine.metrics(),
    reconciliation: engine.reconciliation(),
    matches: comparison?.matches ?? (reading?.ok === false ? BROKER_NOT_READ : LEDGER_NOT_AVAILABLE),
    ...(compared !== undefined && { comparedWith: 'exchange ledger' }),
    ...(withBroker !== undefined && { comparedWith: 'broker REST', comparedParts: BROKER_COMPARISON_SCOPE }),
    differences: comparison?.differences ?? [],
    workingLeft: working.map(encodeOrder),
    deadlinePassed,
    strategies: strategiesReport(session.strategies),
  };
}

interface ExchangeComparison {
  readonly exchange: ExchangeReport;
  readonly matches: LedgerMatches;
  readonly differences: string[];
}

function compareWithExchange(controls: SimControls, local: LocalView): ExchangeComparison {
  const ledger = controls.ledger();
  const snapshot = controls.snapshot();
  const { matches, differences } = compareWithLedger(local, ledger, Date.now() - RETENTION_MS);
  const theirs = encodePortfolio({ cash: ledger.cash, positions: ledger.positions });
  return {
    exchange: {
      seed: controls.seed,
      orders: snapshot.orders,
      fills: snapshot.fills,
      positions: theirs.positions,
      cash: theirs.cash,
      faultStats: controls.faultStats(),
    },
    matches,
    differences,
  };
}
