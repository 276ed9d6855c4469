import { setTimeout as sleep } from 'node:timers/promises';
import type { LedgerFill, LedgerView } from '../broker/controls.js';
import { isBrokerError } from '../broker/errors.js';
import { listEveryOrder } from '../broker/paging.js';
import { MAX_ACTIVITIES_PAGE, type Broker, type BrokerOrder, type FillActivity } from '../broker/port.js';
import { errorText } from '../core/error-text.js';
import { ZERO } from '../domain/decimal.js';
import type { Order } from '../domain/order.js';
import type { Position } from '../domain/position.js';
import { compareWithLedger, type LedgerComparison, type LocalView } from './ledger-match.js';

/** What each part of a comparison with a broker's API covered: less than a simulator's ledger shows. */
export const BROKER_COMPARISON_SCOPE = {
  orders:
    "orders placed, adopted or changed this session, found at the broker by its order id or the client order id, legs included: status and filled quantity; " +
    'the broker has no order since the session began that the books do not know',
  fills: "those orders' executions, from the account's fill activities matched by order id: quantity and value per order (commission is not compared: Alpaca reports none)",
  positions: "every position in the account, the session's or older: signed quantity",
  cash: "the account's cash, to the last digit",
} as const;

/** The broker's side of the comparison, read through the ports, and when the session began. */
export interface BrokerLedger {
  readonly view: LedgerView;
  /** By this machine's clock: local orders last changed before it are not the run's. */
  readonly startedAt: number;
  /** The same moment by the broker's clock, which stamps its orders and activities. */
  readonly brokerStartedAt: number;
}

/** When the session began, and this machine's clock. */
export interface SessionTimes {
  readonly startedAt: number;
  readonly now: () => number;
  /**
   * When the books opened on this account, if they say: fills before it are in the balances brought
   * forward (an order working then keeps only its later fills in the books), so they are not compared.
   */
  readonly booksOpenedAt?: number;
  /** Waits between attempts; real time unless a test gives its own. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** What the broker reported at the end of the run, or the one line saying why it could not be read. */
export type BrokerReading = { readonly ok: true; readonly ledger: BrokerLedger } | { readonly ok: false; readonly problem: string };

/**
 * Reads what the broker reports at the end of a session, as a ledger to compare the local view with:
 * every order since the start (legs included) and every local order the session changed, the fill
 * activities of those orders, the positions and the cash. Orders placed before the session and
 * untouched by it are left out; positions and cash are the whole account's. Never throws: a failed
 * read is the reading's problem.
 */
export async function readBrokerLedger(broker: Broker, local: readonly Order[], times: SessionTimes): Promise<BrokerReading> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, ledger: await read(broker, local, times) };
    } catch (error) {
      // The read runs outside the engine's rate limiter and retries, after a run that may have used
      // the minute's budget: a 429 or a dropped connection is waited out a few times before giving up.
      const passing = isBrokerError(error, 'rate_limited') || isBrokerError(error, 'transient') || isBrokerError(error, 'ambiguous');
      if (!passing || attempt === READ_ATTEMPTS) return { ok: false, problem: `could not read the broker to compare the books with: ${errorText(error)}` };
      await (times.sleep ?? sleep)(Math.min(MAX_RETRY_WAIT_MS, error.retryAfterMs ?? RETRY_WAIT_MS));
    }
  }
}

const READ_ATTEMPTS = 3;
const RETRY_WAIT_MS = 1_000;
/** Alpaca's rate-limit window: no wait it asks for is longer. */
const MAX_RETRY_WAIT_MS = 60_000;

async function read(broker: Broker, local: readonly Order[], { startedAt, now, booksOpenedAt }: SessionTimes): Promise<BrokerLedger> {
  const offset = await clockOffset(broker, now);
  const brokerStartedAt = startedAt + offset;
  const listed = flatten(await listEveryOrder((query) => broker.listOrders(query), { status: 'all', after: new Date(brokerStartedAt).toISOString() }));
  const orders = new Orders(listed);
  // Orders from before the start that the session changed (a GTC order filled today) are not listed: each is asked for.
  for (const order of local) {
    if (order.updatedAt < startedAt || orders.has(order)) continue;
    const found = await lookUp(broker, order);
    if (found !== undefined) orders.add(flatten([found]));
  }
  const all = orders.all();
  const oldest = all.reduce((earliest, o) => {
    const created = Date.parse(o.createdAt);
    return Number.isNaN(created) ? earliest : Math.min(earliest, created);
  }, brokerStartedAt);
  const activities = await fillActivitiesSince(broker, booksOpenedAt === undefined ? oldest : Math.max(oldest, booksOpenedAt + offset));
  const [positions, account] = await Promise.all([broker.getPositions(), broker.getAccount()]);
  return {
    view: {
      orders: all,
      fills: ledgerFills(activities, all),
      cash: account.cash,
      positions: Object.fromEntries(positions.map((p): [string, Position] => [p.symbol, { symbol: p.symbol, qty: p.qty, avgCost: p.avgEntryPrice, realizedPnl: ZERO }])),
    },
    startedAt,
    brokerStartedAt,
  };
}

/**
 * How far the broker's clock is ahead of this one. Its time is read before the answer arrives, so
 * the offset errs late by at most the round trip: an order placed in the session's first moments
 * may be left out of the list (it is still compared if the books know it), but an order finished
 * just before the session is never taken for one the books lack.
 */
async function clockOffset(broker: Broker, now: () => number): Promise<number> {
  const asked = now();
  const { timestamp } = await broker.getClock();
  const theirs = Date.parse(timestamp);
  if (Number.isNaN(theirs)) throw new Error(`the broker's clock says ${JSON.stringify(timestamp)}, which is not an ISO time`);
  return theirs - asked;
}

/**
 * Compares the local view with what the broker reported, with compareWithLedger: the local orders
 * the session changed or the broker listed, and their fills, against the broker's orders and
 * activities; positions and cash in full.
 */
export function compareWithBroker(local: LocalView, { view, startedAt }: BrokerLedger): LedgerComparison {
  const theirs = new Orders(view.orders);
  const orders = local.orders.filter((order) => order.updatedAt >= startedAt || theirs.has(order));
  const ids = new Set(orders.map((o) => o.clientOrderId));
  const fills = local.fills.filter((fill) => ids.has(fill.clientOrderId));
  return compareWithLedger({ orders, fills, portfolio: local.portfolio }, view, undefined, 'broker');
}

/** The broker's orders by both of their ids. */
class Orders {
  private readonly byId = new Map<string, BrokerOrder>();
  private readonly byClientId = new Set<string>();

  constructor(orders: readonly BrokerOrder[]) {
    this.add(orders);
  }

  add(orders: readonly BrokerOrder[]): void {
    for (const order of orders) {
      this.byId.set(order.id, order);
      this.byClientId.add(order.clientOrderId);
    }
  }

  has(order: Order): boolean {
    return this.byClientId.has(order.clientOrderId) || (order.brokerOrderId !== undefined && this.byId.has(order.brokerOrderId));
  }

  all(): BrokerOrder[] {
    return [...this.byId.values()];
  }
}

/** Parents and their nested legs, each an order of its own as the local books keep them. */
function flatten(orders: readonly BrokerOrder[]): BrokerOrder[] {
  return orders.flatMap((order) => [order, ...(order.legs ?? [])]);
}

/** The broker's record of a local order, or undefined when it has none (an order it never received). */
async function lookUp(broker: Broker, order: Order): Promise<BrokerOrder | undefined> {
  try {
    return order.brokerOrderId === undefined ? await broker.getOrderByClientId(order.clientOrderId) : await broker.getOrder(order.brokerOrderId);
  } catch (error) {
    if (isBrokerError(error, 'not_found')) return undefined;
    throw error;
  }
}

/** Every fill activity at or after `since`, read newest first until a page reaches back past it. */
async function fillActivitiesSince(broker: Broker, since: number): Promise<FillActivity[]> {
  const found: FillActivity[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await broker.listFillActivities({ newestFirst: true, pageSize: MAX_ACTIVITIES_PAGE, ...(cursor !== undefined && { afterId: cursor }) });
    for (const activity of page) {
      if (Date.parse(activity.transactionTime) < since) return found;
      found.push(activity);
    }
    const last = page.at(-1);
    if (page.length < MAX_ACTIVITIES_PAGE || last === undefined || last.id === cursor) return found;
    cursor = last.id;
  }
}

/**
 * The activities of the compared orders as ledger executions. Alpaca's activities carry no client
 * order id: it is taken from the order they name. Activities of orders outside the comparison (placed
 * before the session and untouched by it) are left out.
 */
function ledgerFills(activities: readonly FillActivity[], orders: readonly BrokerOrder[]): LedgerFill[] {
  const byId = new Map(orders.map((o) => [o.id, o]));
  return activities.flatMap((activity): LedgerFill[] => {
    const order = byId.get(activity.orderId);
    if (order === undefined) return [];
    return [
      {
        executionId: activity.id,
        orderId: activity.orderId,
        clientOrderId: order.clientOrderId,
        symbol: activity.symbol,
        side: activity.side,
        qty: activity.qty,
        price: activity.price,
        commission: activity.commission ?? ZERO,
        at: activity.transactionTime,
      },
    ];
  });
}
