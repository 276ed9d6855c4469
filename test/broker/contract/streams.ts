import { describe, expect, it } from 'vitest';
import { Decimal, dec } from '../../../src/domain/decimal.js';
import type { MarketTrade, Quote, TradeUpdateEvent } from '../../../src/broker/port.js';
import { OTHER_SYMBOL, SYMBOL, UNKNOWN_SYMBOL, expectDecimal, type ContractSession } from './session.js';

const FILLS: ReadonlySet<TradeUpdateEvent> = new Set(['fill', 'partial_fill']);
/** After a terminal event, what may still come: late fills after an end the fill beat, and the answer to a request that came too late. */
const AFTER_TERMINAL: Readonly<Partial<Record<TradeUpdateEvent, ReadonlySet<TradeUpdateEvent>>>> = {
  fill: new Set(['order_cancel_rejected', 'order_replace_rejected']),
  canceled: FILLS,
  expired: FILLS,
  rejected: new Set(),
  replaced: new Set(),
};

/** What breaks Alpaca's order of updates for one order: pending_new before new, new before any fill, nothing undocumented after an end. */
function sequenceProblems(events: readonly TradeUpdateEvent[]): string[] {
  const problems: string[] = [];
  const first = (event: TradeUpdateEvent): number => events.indexOf(event);
  const firstFill = events.findIndex((e) => FILLS.has(e));
  if (first('pending_new') !== -1 && first('new') !== -1 && first('pending_new') > first('new')) problems.push('pending_new after new');
  if (firstFill !== -1 && (first('new') === -1 || first('new') > firstFill)) problems.push('a fill before new');
  const end = events.findIndex((e) => AFTER_TERMINAL[e] !== undefined);
  if (end !== -1) {
    const allowed = AFTER_TERMINAL[events[end] as TradeUpdateEvent] ?? new Set();
    for (const later of events.slice(end + 1)) if (!allowed.has(later)) problems.push(`${later} after ${events[end] as string}`);
  }
  return problems;
}

/** The trade-update stream's order, and the MarketData port: snapshots, quotes and their stream. */
export function streamCases(session: () => ContractSession): void {
  describe('trade updates', () => {
    it('come in Alpaca order for every order: pending_new, new, fills, then nothing undocumented after the end', async () => {
      const s = session();
      await s.hold(10);
      const resting = await s.submit({ side: 'buy', type: 'limit', limitPrice: dec('95.00'), qty: dec(3) });
      const replaced = await s.submit({ side: 'buy', type: 'limit', limitPrice: dec('94.00'), qty: dec(3) });
      await s.settle();
      await s.broker.cancelOrder(resting.id);
      await s.broker.replaceOrder(replaced.id, { limitPrice: dec('93.00'), clientOrderId: s.clientOrderId() });
      await s.settle();
      if (s.driver.sizeBoundsFills) {
        await s.quote(OTHER_SYMBOL, '400.00', '400.04', { askSize: '2' });
        await s.submit({ symbol: OTHER_SYMBOL, side: 'buy', type: 'limit', limitPrice: dec('400.04'), qty: dec(5) });
        await s.settle();
        await s.quote(OTHER_SYMBOL, '400.00', '400.04');
        await s.settle();
      }
      const { driver } = s;
      if (driver.cancelsLoseToFills !== undefined) {
        await driver.cancelsLoseToFills();
        const raced = await s.submit({ side: 'buy', type: 'limit', limitPrice: dec('99.80'), qty: dec(2) });
        await s.settle();
        await s.broker.cancelOrder(raced.id).catch(() => undefined);
        await s.settle();
      }
      const ids = [...new Set(s.updates.map((u) => u.order.id))];
      expect(ids.length).toBeGreaterThanOrEqual(4);
      const problems = ids.flatMap((id) => sequenceProblems(s.events(id)).map((p) => `${id} (${s.events(id).join(' → ')}): ${p}`));
      expect(problems).toEqual([]);
    });
  });

  describe('market data', () => {
    it('gives a snapshot of bid, ask, last and previous close for each known symbol and leaves unknown ones out', async () => {
      const s = session();
      await s.quote(SYMBOL, '100.00', '100.02', { last: '100.01' });
      const snapshots = await s.broker.getSnapshots([SYMBOL, UNKNOWN_SYMBOL, OTHER_SYMBOL]);
      expect(snapshots.map((q) => q.symbol).sort()).toEqual([SYMBOL, OTHER_SYMBOL]);
      const aapl = snapshots.find((q) => q.symbol === SYMBOL);
      expectDecimal(aapl?.bid, '100.00');
      expectDecimal(aapl?.ask, '100.02');
      expectDecimal(aapl?.last, '100.01');
      expect(aapl?.prevClose).toBeInstanceOf(Decimal);
      const quotes = await s.broker.getLatestQuotes([UNKNOWN_SYMBOL, SYMBOL]);
      expect(quotes.map((q) => [q.symbol, q.bid.toString(), q.ask.toString()])).toEqual([[SYMBOL, '100', '100.02']]);
      const trades = await s.broker.getLatestTrades([SYMBOL, UNKNOWN_SYMBOL]);
      expect(trades.map((t) => [t.symbol, t.price.toString()])).toEqual([[SYMBOL, '100.01']]);
    });

    it('streams quotes and trades for the subscribed symbols only, nothing on subscribing, and nothing after unsubscribing', async () => {
      const s = session();
      const quotes: Quote[] = [];
      const trades: MarketTrade[] = [];
      const unsubscribe = s.broker.subscribeMarketData([SYMBOL], { quote: (q) => quotes.push(q), trade: (t) => trades.push(t) });
      await s.settle();
      expect(quotes).toEqual([]);
      await s.quote(SYMBOL, '100.10', '100.12', { last: '100.11' });
      await s.quote(OTHER_SYMBOL, '401.00', '401.04');
      await s.settle();
      expect(quotes.map((q) => [q.symbol, q.bid.toString(), q.ask.toString()])).toEqual([[SYMBOL, '100.1', '100.12']]);
      expect(trades.map((t) => [t.symbol, t.price.toString()])).toEqual([[SYMBOL, '100.11']]);
      unsubscribe();
      await s.quote(SYMBOL, '100.20', '100.22', { last: '100.21' });
      await s.settle();
      expect(quotes).toHaveLength(1);
      expect(trades).toHaveLength(1);
    });
  });
}
