import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { BrokerError } from '../../src/broker/errors.js';
import { OrderRefusedError } from '../../src/core/errors.js';
import { buy, startHarness, stopAll, type InterceptedCall } from './engine-harness.js';

afterEach(stopAll);

const first = (symbol: string, qty: number | string, extra: Parameters<typeof buy>[1] = {}) => buy(qty, { symbol, ...extra });

describe('the first order in a symbol with no quote yet', () => {
  it('fetches a quote before judging it: buy 1 KO @ 1000 (KO at 63) is refused and nothing reaches the exchange', async () => {
    const h = await startHarness();
    expect(h.engine.quote('KO')).toBeUndefined();
    const refused = h.drive(h.engine.place(first('KO', 1, { type: 'limit', limitPrice: dec(1000) })));
    await expect(refused).rejects.toThrow(OrderRefusedError);
    await expect(refused).rejects.toThrow(/^buy limit 1,000\.00 is [\d,]+\.\d% above last 6\d\.\d\d and would trade at once — refused as a likely typo/);
    expect(h.callsOf('getLatestQuotes').map((c) => c.arg)).toContainEqual(['KO']);
    expect(h.callsOf('submitOrder')).toEqual([]);
    expect(h.sim.ledger().orders).toEqual([]);
    expect(h.engine.orders()).toEqual([]);
    // Not subscribed, so not kept: a later order must not be judged on this price once it is old.
    expect(h.engine.quote('KO')).toBeUndefined();
  });

  it('holds the first order to the $250,000 cap: buy 9000 COST (≈ $8.2 M) is refused', async () => {
    const h = await startHarness();
    const refused = h.drive(h.engine.place(first('COST', 9000)));
    await expect(refused).rejects.toThrow(/^order ≈ \$8,\d{3},\d{3}\.\d\d \(9,000 × 9\d\d\.\d\d\) is over the max order notional \$250,000\.00 — at most 2\d\d shares/);
    expect(h.sim.ledger().orders).toEqual([]);
  });

  it('sends a sane first order, judged on the fetched quote', async () => {
    const h = await startHarness();
    const placed = await h.drive(h.engine.place(first('KO', 10)));
    expect(placed.brokerOrderId).toBeDefined();
    expect(placed.expectedPrice?.gt(60)).toBe(true);
    expect(h.sim.ledger().orders).toHaveLength(1);
  });

  it('refuses a market order whose quote cannot be fetched, saying why and what to do, and sends nothing', async () => {
    const h = await startHarness({ config: { breaker: { failureThreshold: 1_000, windowMs: 60_000 } }, intercept: quotesDown });
    const refused = h.drive(h.engine.place(first('KO', 1)));
    await expect(refused).rejects.toThrow(
      /^no quote for KO \(the quote request failed: quotes failed after 5 attempts: 503 \(market data down\)\), so its price and size cannot be checked — nothing was sent; try again in a moment$/,
    );
    expect(h.callsOf('submitOrder')).toEqual([]);
    expect(h.sim.ledger().orders).toEqual([]);
  });

  it('still lets the trader close a position when no quote can be had', async () => {
    const h = await startHarness({
      config: { breaker: { failureThreshold: 1_000, windowMs: 60_000 } },
      // Bought in an earlier session: Blotter learns of the position from the exchange at startup.
      before: (sim, clock) => {
        void sim.submitOrder({ symbol: 'KO', side: 'buy', type: 'market', timeInForce: 'day', qty: dec(10), clientOrderId: 'earlier' });
        clock.advance(1_000);
      },
      intercept: quotesDown,
    });
    expect(h.engine.portfolio().positions.KO?.qty.toString()).toBe('10');
    expect(h.engine.quote('KO')).toBeUndefined();
    await expect(h.drive(h.engine.place(first('KO', 1)))).rejects.toThrow(/^no quote for KO/);
    const closing = await h.drive(h.engine.place(first('KO', 10, { side: 'sell' })));
    expect(closing.brokerOrderId).toBeDefined();
    await h.advance(200);
    expect(h.sim.ledger().positions.KO?.qty.isZero()).toBe(true);
  });
});

function quotesDown({ method }: InterceptedCall, proceed: () => unknown): unknown {
  return method === 'getLatestQuotes' ? Promise.reject(new BrokerError('transient', 'market data down', { status: 503 })) : proceed();
}

describe('fractional shares the broker would refuse', () => {
  it('are refused before anything is sent when the entry carries a take-profit or stop-loss', async () => {
    const h = await startHarness();
    await expect(h.engine.place(buy('0.5', { type: 'limit', limitPrice: dec('187.00') }), { takeProfit: dec('195.00') })).rejects.toThrow(
      'fractional shares (0.5) cannot have take-profit or stop-loss orders (they are GTC); use whole shares',
    );
    expect(h.callsOf('submitOrder')).toEqual([]);
    expect(h.engine.orders()).toEqual([]);
  });
});
