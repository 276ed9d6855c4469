import { join } from 'node:path';
import { openExchangeStore } from '../src/app/brokers/exchange-store.js';
import { exchangeArchiveDir } from '../src/persistence/paths.js';
import { RETENTION_MS } from '../src/app/session.js';
import { createSimExchange } from '../src/broker/sim/sim-exchange.js';
import { createClientOrderIdFactory } from '../src/domain/client-order-id.js';
import { ZERO, dec } from '../src/domain/decimal.js';
import { applyExecution } from '../src/domain/fill.js';
import { applyOrderEvent, newOrder } from '../src/domain/order.js';
import { applyPortfolioChange, emptyPortfolio, tradeChange } from '../src/domain/portfolio.js';
import { profileFile } from '../src/persistence/paths.js';
import { openProfileStore } from '../src/persistence/profile-store.js';
import { loopCost, median, type LoopCost } from './loop-cost.js';

/** The median and the worst of several saves, each as loopCost measures it. */
export interface SaveCost {
  readonly activeMs: number;
  readonly longestMs: number;
  readonly worstLongestMs: number;
}

export interface SaveCosts {
  /** The profile: one order update and its fill (with the cash and position it moves and its log line). */
  readonly books: SaveCost;
  /** The exchange: a new order's journal entry, as a submit writes it before answering. */
  readonly journal: SaveCost;
  /** The exchange: a whole snapshot, as it writes every 60 s and at close. */
  readonly snapshot: SaveCost;
}

export const SAVES_PER_KIND = 7;
const failed = (error: Error): void => {
  throw error;
};

function summarise(costs: readonly LoopCost[]): SaveCost {
  return {
    activeMs: median(costs.map((c) => c.activeMs)),
    longestMs: median(costs.map((c) => c.longestMs)),
    worstLongestMs: Math.max(...costs.map((c) => c.longestMs)),
  };
}

/**
 * Saves on the data directory the console left, in this process, with the stores opened as the
 * session opens them. The console must have quit (each store is locked by its user).
 */
export async function measureSaves(dir: string, profile = 'sim'): Promise<SaveCosts> {
  return { books: await profileSaves(dir, profile), ...(await exchangeSaves(dir, profile)) };
}

/**
 * A typical change, as persistCoreEvent records it: a day order is placed, acknowledged and filled,
 * so the store gets the order (twice), a fill, the moved cash and position, and a log line. The save
 * is the store's own write: flush() runs the pending encode and stringify, then the atomic file write.
 */
async function profileSaves(dir: string, profile: string): Promise<SaveCost> {
  const store = await openProfileStore({ path: profileFile(dir, profile), onError: failed });
  try {
    const loaded = store.load();
    let portfolio = loaded.portfolio ?? emptyPortfolio(dec('100000'));
    let seq = loaded.nextSeq;
    const clientOrderId = createClientOrderIdFactory(() => Date.now());
    const change = (): void => {
      const now = Date.now();
      const placed = newOrder({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: dec(1) }, clientOrderId(), seq++, now);
      const order = applyOrderEvent({ ...placed, brokerOrderId: `bench-${placed.seq}` }, 'accepted', now);
      store.upsertOrder(order);
      const outcome = applyExecution(order, { executionId: `bench-x-${placed.seq}`, cumulativeQty: dec(1), lastQty: dec(1), lastPrice: dec('230.15'), avgPrice: dec('230.15'), at: now, commission: ZERO, detectedBy: 'stream' });
      if (outcome.kind !== 'applied') throw new Error('the bench fill was not applied');
      const filled = applyOrderEvent(outcome.order, 'fill', now);
      const moved = tradeChange(portfolio.cash, portfolio.positions[filled.symbol], outcome.fill);
      portfolio = applyPortfolioChange(portfolio, moved);
      store.addFill(outcome.fill);
      store.changePortfolio(moved);
      store.upsertOrder(filled);
      store.appendLog({ at: now, level: 'info', text: `#${filled.seq} BUY 1 AAPL filled 1 @ 230.15 (1/1)` });
    };
    // The change is made before each measured save, outside it: only the save is timed.
    const costs: LoopCost[] = [];
    for (let i = 0; i < SAVES_PER_KIND; i++) {
      change();
      costs.push(await loopCost(() => store.flush(), () => Promise.resolve(change())));
    }
    return summarise(costs);
  } finally {
    await store.close();
  }
}

/**
 * The exchange as the session makes it: its store (snapshot + journal replayed) and the simulator on
 * it with durability. A submit is answered only once its journal entry is on disk, so the submit's
 * cost is the journal append plus the request itself; the acknowledgement that follows 20 ms later
 * (another append) is left to land between measurements. checkpoint() is the whole snapshot.
 */
async function exchangeSaves(dir: string, profile: string): Promise<Omit<SaveCosts, 'books'>> {
  const store = await openExchangeStore({ path: join(dir, `${profile}.exchange.json`), archiveDir: exchangeArchiveDir(dir, profile), onError: failed });
  const exchange = createSimExchange({ retentionMs: RETENTION_MS, durability: store.durability, ...(store.saved !== undefined && { snapshot: store.saved }) });
  try {
    const journal: LoopCost[] = [];
    const clientOrderId = createClientOrderIdFactory(() => Date.now());
    let price = 100;
    const acknowledged = async (): Promise<void> => {
      await new Promise((resolve) => setTimeout(resolve, 60));
      await exchange.settled();
    };
    for (let i = 0; i < SAVES_PER_KIND; i++) {
      // A buy far under the market: it rests, so nothing but the submit and its acknowledgement is written.
      const submit = (): Promise<unknown> =>
        exchange.submitOrder({ clientOrderId: clientOrderId(), symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'gtc', qty: dec(1), limitPrice: dec(price++) });
      journal.push(await loopCost(submit, acknowledged));
      await acknowledged();
    }
    const snapshot: LoopCost[] = [];
    for (let i = 0; i < SAVES_PER_KIND; i++) snapshot.push(await loopCost(() => exchange.checkpoint()));
    return { journal: summarise(journal), snapshot: summarise(snapshot) };
  } finally {
    // The directory is thrown away: no final snapshot.
    await exchange.close();
    await store.close();
  }
}
