import { join } from 'node:path';
import { openExchangeStore } from '../src/app/brokers/exchange-store.js';
import { archiveDir, exchangeArchiveDir } from '../src/persistence/paths.js';
import { compareWithLedger } from '../src/app/ledger-match.js';
import { RETENTION_MS } from '../src/app/session.js';
import type { BrokerOrder } from '../src/broker/port.js';
import { writeDelta } from '../src/broker/sim/delta.js';
import { SimIds } from '../src/broker/sim/ids.js';
import { createSimExchange, simExchangeId } from '../src/broker/sim/sim-exchange.js';
import type { LedgerFill } from '../src/broker/controls.js';
import { simStatus, type SimOrderRecord } from '../src/broker/sim/sim-orders.js';
import { readSnapshot, writeSnapshot, type SimSnapshot } from '../src/broker/sim/snapshot.js';
import { DEFAULT_UNIVERSE, DEFAULT_WATCHLIST } from '../src/broker/sim/universe.js';
import { ManualClock } from '../src/kernel/clock.js';
import { fillText, orderLabel } from '../src/core/describe-order.js';
import type { LogEntry } from '../src/kernel/log-entry.js';
import { booksDifferences, carryForward, type Balances } from '../src/domain/books.js';
import { createClientOrderIdFactory } from '../src/domain/client-order-id.js';
import { ZERO, dec, sumDec, type Decimal } from '../src/domain/decimal.js';
import { applyExecution, type Fill } from '../src/domain/fill.js';
import { transition, type OrderEvent } from '../src/domain/order-state.js';
import type { OrderSpec, Side } from '../src/domain/order-types.js';
import { applyOrderEvent, newOrder, type Order } from '../src/domain/order.js';
import { applyTrade, emptyPortfolio, valuePortfolio, type Portfolio } from '../src/domain/portfolio.js';
import { openArchive, type Archive } from '../src/persistence/archive.js';
import { profileFile } from '../src/persistence/paths.js';
import { encodeFill, encodeOrder } from '../src/persistence/profile-codec.js';
import type { StoredFill, StoredOrder } from '../src/persistence/profile-schema.js';
import { openProfileStore, type ProfileStore } from '../src/persistence/profile-store.js';
import { LOG_LIMIT } from '../src/kernel/log-entry.js';

/**
 * "A year of trading", written the way Blotter itself would have left it: the books (`NAME.json` and
 * `archive/NAME/`) and the simulated exchange (`NAME.exchange.json` and `archive/NAME.exchange/`)
 * tell the same story, so the console's startup checks (books balance, reconciliation against the
 * exchange) find nothing to correct.
 *
 * Every order goes through the domain's own steps, on both sides, as the running console and
 * simulator take them: the local order through newOrder / applyOrderEvent / applyExecution (as the
 * order tracker applies the exchange's trade updates), the exchange's order through the transition
 * table with the simulator's fields (ids from SimIds, cumulative quantity and average price as its
 * order flow computes them). Cash and positions are applyTrade over the same executions in the same
 * order: the exchange's ledger and the books run that very function on the very same trades, so it
 * is computed once and stored on both sides. Finished orders older than the retention go to the
 * archives through the real Archive and encoders; the rest are written through openProfileStore and
 * the exchange store's own snapshot write. Nothing is driven through the clock, which is why a year
 * takes seconds rather than the hours a real Engine + SimExchange would need (each journal entry is a
 * datasync).
 */
export interface YearOptions {
  readonly dir: string;
  readonly profile?: string;
  readonly days?: number;
  readonly fills?: number;
  readonly seed?: number;
  /** The moment the year ends; the console opens the books a few seconds later. */
  readonly now?: number;
}

export interface YearSummary {
  readonly orders: number;
  readonly fills: number;
  readonly liveOrders: number;
  readonly liveFills: number;
  readonly workingOrders: number;
  readonly ms: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Each day trades between half an hour after its start and half an hour before its end, so nothing
 * finishes close to the retention's cutoff: a console opened within minutes of building archives
 * nothing more and finds the same split as the generator wrote.
 */
const DAY_MARGIN_MS = 30 * 60 * 1000;
const STARTING_CASH = dec('100000');
/** No more than this many dollars per symbol is held, so cash and buying power stay sensible all year. */
const MAX_HOLDING_USD = 3_000;
const ACK_MS = 20;
const ORDER_TIMEOUT_MS = 60_000;
/** Days (counted back from today) on which a far-away GTC buy was placed that still works today. */
const WORKING_ORDER_DAYS = [330, 200, 90, 30, 7, 1];
/** Archive writes are batched: one append per kind this often (each append ends with a datasync). */
const ARCHIVE_BATCH_DAYS = 31;

type Kind = 'market' | 'limit_filled' | 'limit_canceled' | 'limit_partial';

/** mulberry32: a small seeded generator, so every run builds the same year. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (ms: number): string => new Date(ms).toISOString();
const cents = (n: number): Decimal => dec(n).div(100);

/** One order's life on both sides. */
interface Traded {
  local: Order;
  readonly fills: Fill[];
  readonly exchange: SimOrderRecord;
  readonly executions: LedgerFill[];
  /** What the core logged about it (a line per fill, one for a cancel), made into text only if it is kept. */
  readonly log: { readonly at: number; readonly order: Order; readonly fill?: Fill }[];
}

class YearBuilder {
  private readonly random: () => number;
  private readonly ids: SimIds;
  private time = 0;
  private readonly clientOrderId: () => string;
  private seq = 1;
  /** Cash and positions after every execution so far: the books' and the exchange's, which are equal. */
  portfolio: Portfolio = emptyPortfolio(STARTING_CASH);
  /** Balances brought forward: the opening cash plus every archived fill. */
  brought: Balances = { cash: STARTING_CASH, positions: {} };
  /** A price in cents per symbol, walking from day to day around its usual level. */
  private readonly price = new Map<string, number>();
  private readonly base = new Map<string, number>();

  readonly live: Traded[] = [];
  readonly log: LogEntry[] = [];
  private archiveOrders: StoredOrder[] = [];
  private archiveFills: StoredFill[] = [];
  private archivedFills: Fill[] = [];
  private exchangeOrders: SimOrderRecord[] = [];
  private exchangeFills: LedgerFill[] = [];
  orders = 0;
  fills = 0;

  constructor(
    seed: number,
    readonly tag: string,
    private readonly cutoff: number,
    private readonly archive: Archive,
    private readonly exchangeArchive: Archive,
  ) {
    this.random = seeded(seed);
    // The ULID's random part from the seeded generator too: the system's (crypto) would cost seconds here.
    this.clientOrderId = createClientOrderIdFactory(() => this.time, this.random);
    this.ids = new SimIds(tag);
    for (const entry of DEFAULT_UNIVERSE) {
      const level = Math.round(Number(entry.price) * 100);
      this.base.set(entry.symbol, level);
      this.price.set(entry.symbol, level);
    }
  }

  idState(): SimSnapshot['ids'] {
    return this.ids.state();
  }

  nextSeq(): number {
    return this.seq;
  }

  /** Prices move up to 1.5 % a day, pulled back towards their usual level so a year stays plausible. */
  newDay(): void {
    for (const [symbol, level] of this.price) {
      const usual = this.base.get(symbol) ?? level;
      const drift = (usual - level) * 0.05 + level * 0.015 * (this.random() * 2 - 1);
      this.price.set(symbol, Math.max(100, Math.round(level + drift)));
    }
  }

  /** Trades one day from `start` to `end`, until exactly `budget` executions have been made. */
  tradeDay(start: number, end: number, budget: number): void {
    let left = budget;
    // Spaced for one execution per order (there are about 1.5 on average), so the day never runs short.
    const spacing = Math.floor((end - start - ORDER_TIMEOUT_MS - 5_000) / (budget + 1));
    let t = start;
    while (left > 0) {
      const traded = this.tradeOne(t, left);
      left -= traded.executions.length;
      this.keep(traded);
      t += spacing;
      if (t > end - ORDER_TIMEOUT_MS - 5_000) throw new Error('a day ran out of time: lower the fills per order');
    }
  }

  /** A GTC buy at half the market: it works for the rest of the year and is still working today. */
  placeWorking(t: number): void {
    const symbol = DEFAULT_UNIVERSE[Math.floor(this.random() * DEFAULT_UNIVERSE.length)]?.symbol ?? 'AAPL';
    const limit = Math.round((this.price.get(symbol) ?? 10_000) / 2);
    const spec: OrderSpec = { symbol, side: 'buy', type: 'limit', timeInForce: 'gtc', qty: dec(1 + Math.floor(this.random() * 5)), limitPrice: cents(limit) };
    const traded = this.open(spec, t, { expectedPrice: cents(limit) });
    this.keep(traded);
  }

  private tradeOne(t: number, left: number): Traded {
    const symbol = DEFAULT_UNIVERSE[Math.floor(this.random() * DEFAULT_UNIVERSE.length)]?.symbol ?? 'AAPL';
    const level = this.price.get(symbol) ?? 10_000;
    const held = Number(this.portfolio.positions[symbol]?.qty ?? ZERO);
    const room = Math.floor((MAX_HOLDING_USD * 100) / level) - held;
    const side: Side = held > 0 && (room < 1 || this.random() < 0.5) ? 'sell' : 'buy';
    const most = side === 'buy' ? Math.max(1, Math.min(40, room)) : Math.min(40, held);
    const qty = 1 + Math.floor(this.random() * most);
    const roll = this.random();
    let kind: Kind = roll < 0.6 ? 'market' : roll < 0.8 ? 'limit_filled' : roll < 0.9 ? 'limit_canceled' : 'limit_partial';
    if (kind === 'limit_partial' && qty < 2) kind = 'limit_filled';
    let executions = kind === 'limit_canceled' ? 0 : 1;
    // A market order often takes the displayed size in a few steps.
    if (kind === 'market' && qty >= 2 && this.random() < 0.6) executions = Math.min(qty, 2 + Math.floor(this.random() * 4));
    if (kind === 'limit_filled' && qty >= 2 && this.random() < 0.3) executions = 2;
    executions = Math.min(executions, left);
    if (executions === 0 && kind !== 'limit_canceled') kind = 'limit_canceled';

    // A buy lifts the offer a cent or two above the level, a sell hits the bid below it; limits sit a little better.
    const touch = side === 'buy' ? level + 1 : level - 1;
    const limit = side === 'buy' ? level - 5 : level + 5;
    const spec: OrderSpec =
      kind === 'market'
        ? { symbol, side, type: 'market', timeInForce: 'day', qty: dec(qty) }
        : { symbol, side, type: 'limit', timeInForce: 'day', qty: dec(qty), limitPrice: cents(limit) };
    const traded = this.open(spec, t, { expectedPrice: cents(kind === 'market' ? touch : limit), timeoutAt: t + ORDER_TIMEOUT_MS });
    const filled = kind === 'limit_partial' ? 1 + Math.floor(this.random() * (qty - 1)) : kind === 'limit_canceled' ? 0 : qty;
    const accepted = t + 2 + ACK_MS;
    let at = accepted + (kind === 'market' ? 30 : 4_000);
    let done = 0;
    for (let i = 0; i < executions; i++) {
      const part = i === executions - 1 ? filled - done : Math.max(1, Math.floor(filled / executions));
      const price = kind === 'market' ? touch + (side === 'buy' ? i : -i) : limit;
      this.execute(traded, dec(part), cents(price), at);
      done += part;
      at += kind === 'market' ? 400 : 2_000;
    }
    if (done < qty) this.cancel(traded, t + ORDER_TIMEOUT_MS);
    return traded;
  }

  /** Sent, answered with the exchange's id, acknowledged: what a placed order has been through. */
  private open(spec: OrderSpec, t: number, extra: Partial<Order>): Traded {
    this.time = t;
    const clientOrderId = this.clientOrderId();
    const local = { ...newOrder(spec, clientOrderId, this.seq++, t), ...extra };
    const sent = iso(t + 2);
    const order: BrokerOrder = {
      ...spec,
      id: this.ids.order(),
      clientOrderId,
      orderClass: 'simple',
      status: 'pending_new',
      filledQty: ZERO,
      createdAt: sent,
      updatedAt: sent,
      submittedAt: sent,
    };
    const traded: Traded = { local: { ...local, brokerOrderId: order.id }, fills: [], exchange: { order, triggered: false }, executions: [], log: [] };
    const acked = t + 2 + ACK_MS;
    this.exchangeMove(traded, 'accepted', acked, {});
    this.localMove(traded, 'accepted', acked);
    this.orders++;
    return traded;
  }

  /** One execution: booked by the exchange, then by the books from its trade update. */
  private execute(traded: Traded, qty: Decimal, price: Decimal, at: number): void {
    const { order } = traded.exchange;
    const fill: LedgerFill = {
      executionId: this.ids.execution(),
      orderId: order.id,
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      qty,
      price,
      commission: ZERO,
      at: iso(at),
    };
    traded.executions.push(fill);
    const filledQty = sumDec(traded.executions.map((f) => f.qty));
    const filledAvgPrice = sumDec(traded.executions.map((f) => f.qty.times(f.price))).div(filledQty);
    const complete = order.qty === undefined || filledQty.gte(order.qty);
    this.exchangeMove(traded, complete ? 'fill' : 'partial_fill', at, complete ? { filledQty, filledAvgPrice, filledAt: iso(at) } : { filledQty, filledAvgPrice });

    const outcome = applyExecution(traded.local, {
      executionId: fill.executionId,
      cumulativeQty: filledQty,
      avgPrice: filledAvgPrice,
      lastQty: qty,
      lastPrice: price,
      commission: ZERO,
      at,
      detectedBy: 'stream',
    });
    if (outcome.kind !== 'applied') throw new Error(`execution ${fill.executionId} was not applied (${outcome.kind})`);
    this.portfolio = applyTrade(this.portfolio, outcome.fill);
    traded.fills.push(outcome.fill);
    traded.local = outcome.order;
    traded.log.push({ at, order: outcome.order, fill: outcome.fill });
    this.localMove(traded, complete ? 'fill' : 'partial_fill', at);
    this.fills++;
  }

  /** The day order times out: the core asks for a cancel, the exchange confirms it. */
  private cancel(traded: Traded, at: number): void {
    this.localMove(traded, 'cancel_requested', at);
    this.exchangeMove(traded, 'cancel_requested', at + 2, {});
    this.exchangeMove(traded, 'canceled', at + 2 + ACK_MS, { canceledAt: iso(at + 2 + ACK_MS) });
    this.localMove(traded, 'canceled', at + 2 + ACK_MS);
    traded.log.push({ at: at + 2 + ACK_MS, order: traded.local });
  }

  private localMove(traded: Traded, event: OrderEvent, at: number): void {
    traded.local = applyOrderEvent(traded.local, event, at);
  }

  private exchangeMove(traded: Traded, event: OrderEvent, at: number, changes: Partial<BrokerOrder>): void {
    const { status } = transition(simStatus(traded.exchange.order), event);
    traded.exchange.order = { ...traded.exchange.order, ...changes, status, updatedAt: iso(at) };
  }

  /** Finished before the cutoff: archived (both sides). Otherwise: live. */
  private keep(traded: Traded): void {
    const finished = traded.local.status === 'filled' || traded.local.status === 'canceled';
    if (!finished || traded.local.updatedAt >= this.cutoff) {
      this.live.push(traded);
      // The profile's log keeps its last lines only: those of the live orders.
      for (const entry of this.lines(traded)) this.remember(entry);
      return;
    }
    this.archiveOrders.push(encodeOrder(traded.local));
    for (const fill of traded.fills) this.archiveFills.push(encodeFill(fill));
    this.archivedFills.push(...traded.fills);
    this.exchangeOrders.push(traded.exchange);
    this.exchangeFills.push(...traded.executions);
  }

  private lines(traded: Traded): LogEntry[] {
    return traded.log.map(({ at, order, fill }) => ({
      at,
      level: 'info',
      text: fill === undefined ? `${orderLabel(order)} canceled` : fillText(order, fill),
    }));
  }

  private remember(entry: LogEntry): void {
    this.log.push(entry);
    if (this.log.length > 2 * LOG_LIMIT) this.log.splice(0, this.log.length - LOG_LIMIT);
  }

  /** Writes what has been archived so far, one append per kind and side, and carries it into the balances brought forward. */
  async flushArchive(): Promise<void> {
    await this.archive.append('orders', this.archiveOrders, (o) => o.updatedAt);
    await this.archive.append('fills', this.archiveFills, (f) => f.at);
    this.brought = carryForward(this.brought, this.archivedFills, []);
    const stored = writeDelta({ ids: this.ids.state(), cash: ZERO, lastEquity: ZERO, positions: [], orders: this.exchangeOrders, fills: this.exchangeFills });
    await this.exchangeArchive.append('orders', stored.orders, (o) => Date.parse(o.updatedAt));
    await this.exchangeArchive.append('fills', stored.fills, (f) => Date.parse(f.at));
    this.archiveOrders = [];
    this.archiveFills = [];
    this.archivedFills = [];
    this.exchangeOrders = [];
    this.exchangeFills = [];
  }
}

/** Builds a year of trading into `dir`; see the comment at the top. */
export async function buildYear(options: YearOptions): Promise<YearSummary> {
  const started = performance.now();
  const { dir } = options;
  const profile = options.profile ?? 'sim';
  const days = options.days ?? 365;
  const totalFills = options.fills ?? 250_000;
  const seed = options.seed ?? 20_26;
  const now = options.now ?? Date.now();
  const cutoff = now - RETENTION_MS;

  // The simulator's own market (quotes, generator state) for that seed: the exchange the books name.
  const market = createSimExchange({ seed });
  const fresh = market.snapshot();
  await market.close();

  const failed = (error: Error): void => {
    throw error;
  };
  const books = await openProfileStore({ path: profileFile(dir, profile), onError: failed, clock: new ManualClock(now - days * DAY_MS) });
  const exchangeStore = await openExchangeStore({
    path: join(dir, `${profile}.exchange.json`),
    archiveDir: exchangeArchiveDir(dir, profile),
    onError: failed,
  });
  const year = new YearBuilder(seed, fresh.ids.tag, cutoff, openArchive(archiveDir(dir, profile)), exchangeStore.archive);
  try {
    const perDay = Math.floor(totalFills / days);
    const extra = totalFills - perDay * days;
    for (let d = days - 1; d >= 0; d--) {
      const dayStart = now - (d + 1) * DAY_MS;
      year.newDay();
      if (WORKING_ORDER_DAYS.includes(d)) year.placeWorking(dayStart + DAY_MARGIN_MS - 60_000);
      year.tradeDay(dayStart + DAY_MARGIN_MS, now - d * DAY_MS - DAY_MARGIN_MS, perDay + (days - 1 - d < extra ? 1 : 0));
      if (d % ARCHIVE_BATCH_DAYS === 0) await year.flushArchive();
    }
    await year.flushArchive();

    writeLiveBooks(books, year, simExchangeId(fresh.ids.tag));
    const live = year.live.map((t) => t.exchange);
    const quotes = new Map(readSnapshot(fresh).quotes.map((q) => [q.symbol, q.last]));
    const parts = {
      savedAt: iso(now),
      seed: fresh.seed,
      rngState: fresh.rngState,
      ids: year.idState(),
      cash: year.portfolio.cash,
      lastEquity: valuePortfolio(year.portfolio, (symbol) => quotes.get(symbol)).equity,
      positions: Object.values(year.portfolio.positions),
      orders: live,
      fills: year.live.flatMap((t) => t.executions),
      quotes: [],
    };
    await exchangeStore.durability.replace({ ...writeSnapshot(parts), quotes: fresh.quotes }, { orders: [], fills: [] });
  } finally {
    await Promise.all([books.close(), exchangeStore.close()]);
  }
  await checkConsistent(dir, profile);
  const liveFills = year.live.reduce((n, t) => n + t.fills.length, 0);
  if (year.fills !== totalFills) throw new Error(`built ${year.fills} fills, meant ${totalFills}`);
  return {
    orders: year.orders,
    fills: year.fills,
    liveOrders: year.live.length,
    liveFills,
    workingOrders: year.live.filter((t) => t.local.status === 'new').length,
    ms: performance.now() - started,
  };
}

/** The live profile: recent and working orders with their fills, cash and positions, balances brought forward, the log. */
function writeLiveBooks(books: ProfileStore, year: YearBuilder, exchangeId: string): void {
  for (const traded of year.live) books.upsertOrder(traded.local);
  for (const traded of year.live) for (const fill of traded.fills) books.addFill(fill);
  books.setPortfolio(year.portfolio);
  books.setBrought(year.brought);
  books.linkExchange(exchangeId);
  books.setWatchlist(DEFAULT_WATCHLIST);
  books.setNextSeq(year.nextSeq());
  for (const entry of year.log.slice(-LOG_LIMIT)) books.appendLog(entry);
}

/**
 * Reads both sides back through the real stores and checks them as Blotter does: the books balance
 * (brought forward + live fills = positions and cash), and the live books equal the exchange's
 * live book order for order, fill for fill, position for position and cash to the last digit.
 */
async function checkConsistent(dir: string, profile: string): Promise<void> {
  const failed = (error: Error): void => {
    throw error;
  };
  const books = await openProfileStore({ path: profileFile(dir, profile), onError: failed });
  const exchange = await openExchangeStore({ path: join(dir, `${profile}.exchange.json`), archiveDir: exchangeArchiveDir(dir, profile), onError: failed });
  try {
    const local = books.load();
    if (local.portfolio === undefined || local.brought === undefined) throw new Error('the built profile has no portfolio or balances brought forward');
    if (exchange.saved === undefined) throw new Error('the built exchange has no snapshot');
    const saved = readSnapshot(exchange.saved);
    const differences = [
      ...booksDifferences(local.brought, local.fills, local.adjustments, local.portfolio),
      ...compareWithLedger(
        { orders: local.orders, fills: local.fills, portfolio: local.portfolio },
        {
          orders: saved.orders.map((o) => o.order),
          fills: [...saved.fills],
          cash: saved.cash,
          positions: Object.fromEntries(saved.positions.map((p) => [p.symbol, p])),
        },
      ).differences,
    ];
    if (differences.length > 0) throw new Error(`the built year is inconsistent:\n  ${differences.slice(0, 10).join('\n  ')}`);
  } finally {
    await Promise.all([books.close(), exchange.close()]);
  }
}
