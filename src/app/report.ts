import type { FaultStats } from '../broker/sim/fault-stats.js';
import type { SimSnapshot } from '../broker/sim/snapshot.js';
import type { BooksStatus } from '../core/events.js';
import type { MetricsSnapshot } from '../core/metrics.js';
import { encodeAdjustment, encodeOrder, encodePortfolio } from '../persistence/profile-codec.js';
import type { StoredAdjustment, StoredFill, StoredOrder, StoredPosition } from '../persistence/profile-schema.js';
import { compareWithLedger, type LedgerMatches } from './ledger-match.js';
import { RETENTION_MS, type Session } from './session.js';

/** One script line and how it was answered. */
export interface CommandRecord {
  readonly line: string;
  readonly ok: boolean;
  readonly text: string;
}

/**
 * What `blotter run` prints. Decimals are strings, in the same shapes as the profile file (local)
 * and the exchange's file (exchange).
 */
export interface RunReport {
  readonly ok: boolean;
  /** Why ok is false, one line each: rejected commands, work left at the deadline, differences. */
  readonly problems: string[];
  readonly commands: readonly CommandRecord[];
  readonly orders: StoredOrder[];
  readonly fills: StoredFill[];
  readonly positions: Readonly<Record<string, StoredPosition>>;
  readonly cash: string;
  /** Corrections booked this run and before (still in the live books), each with its reason. */
  readonly adjustments: StoredAdjustment[];
  /** Adjustments booked and fills the broker does not know, this run; positions that do not balance. */
  readonly books: BooksStatus;
  readonly exchange: {
    /** Replays the same market (and, unless the fault spec names a seed, the same fault dice). */
    readonly seed: number;
    readonly orders: SimSnapshot['orders'];
    readonly fills: SimSnapshot['fills'];
    readonly positions: Readonly<Record<string, StoredPosition>>;
    readonly cash: string;
    readonly faultStats: FaultStats;
  };
  readonly metrics: MetricsSnapshot;
  readonly matches: LedgerMatches;
  /** The differences behind a false in `matches`, one line each. */
  readonly differences: string[];
  readonly workingLeft: StoredOrder[];
  readonly deadlinePassed: boolean;
}

export interface ReportInput {
  readonly session: Session;
  readonly commands: readonly CommandRecord[];
  readonly deadlinePassed: boolean;
}

/** Reads the session's final state: the local view, the exchange's ledger, and how they compare. */
export function buildReport({ session, commands, deadlinePassed }: ReportInput): RunReport {
  const { engine, exchange, profile } = session;
  const orders = [...engine.orders()].sort((a, b) => a.seq - b.seq);
  const { fills, adjustments } = profile.load();
  const books = engine.booksStatus();
  const portfolio = engine.portfolio();
  const ledger = exchange.ledger();
  const snapshot = exchange.snapshot();
  const working = [...engine.workingOrders()].sort((a, b) => a.seq - b.seq);
  const { matches, differences } = compareWithLedger({ orders, fills, portfolio }, ledger, Date.now() - RETENTION_MS);
  const local = encodePortfolio(portfolio);
  const theirs = encodePortfolio({ cash: ledger.cash, positions: ledger.positions });

  const problems = commands.flatMap((c, i) => (c.ok ? [] : [`command ${i + 1} rejected: ${c.line} — ${c.text}`]));
  const left = `${working.length} order${working.length === 1 ? '' : 's'} still working`;
  if (deadlinePassed) problems.push(`the deadline passed with work left (${left} after the final reconciliation)`);
  else if (working.length > 0) problems.push(left);
  const unequal = (Object.keys(matches) as (keyof LedgerMatches)[]).filter((k) => !matches[k]);
  if (unequal.length > 0) problems.push(`local state differs from the exchange's: ${unequal.join(', ')}`);
  if (books.adjustments > 0) problems.push(`${books.adjustments} adjustment${books.adjustments === 1 ? '' : 's'} booked: the broker's figures differed from the books (see adjustments)`);
  if (books.unknownFills > 0) problems.push(`${books.unknownFills} order${books.unknownFills === 1 ? ' has' : 's have'} fills the broker does not know`);
  for (const difference of books.unbalanced) problems.push(`books do not balance: ${difference}`);

  return {
    ok: problems.length === 0,
    problems,
    commands,
    orders: orders.map(encodeOrder),
    fills: profile.storedFills(),
    positions: local.positions,
    cash: local.cash,
    adjustments: adjustments.map(encodeAdjustment),
    books,
    exchange: {
      seed: exchange.seed,
      orders: snapshot.orders,
      fills: snapshot.fills,
      positions: theirs.positions,
      cash: theirs.cash,
      faultStats: exchange.faultStats(),
    },
    metrics: engine.metrics(),
    matches,
    differences,
    workingLeft: working.map(encodeOrder),
    deadlinePassed,
  };
}
