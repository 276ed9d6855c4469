import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { BrokerError } from '../../src/broker/errors.js';
import { OrderRefusedError } from '../../src/core/errors.js';
import { AAPL_QUOTE, buy, startHarness, stopAll, type InterceptedCall } from './engine-harness.js';

afterEach(stopAll);

const first = (symbol: string, qty: number | string, extra: Parameters<typeof buy>[1] = {}) => buy(qty, { symbol, ...extra });

describe('the first order in a symbol with no quote yet', () => {
  it('fetches a quote before judging it: buy 1 KO @ 1000 (KO at 63) is refused and nothing reaches the exchange', async () => {
    const h = await startHarness();
    expect(h.engine.quote('KO')).toBeUndefined();
    const refused = h.drive(h.engine.place(first('KO', 1, { type: 'limit', limitPrice: dec(1000) })));
    await expect(refused).rejects.toThrow(OrderRefusedError);
    await expect(refused).rejects.toThrow(/^buy limit 1,000\.00 is [\d,]+\.\d% above last 6\d\.\d\d and would trade at once — refused as a likely typo/);
    expect(h.callsOf('getSnapshots').map((c) => c.arg)).toContainEqual(['KO']);
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
    const h = await startHarness({ intercept: quotesDown });
    const refused = h.drive(h.engine.place(first('KO', 1)));
    await expect(refused).rejects.toThrow(
      /^no quote for KO \(the quote request failed: quotes failed after 5 attempts: unavailable \(market data down\)\), so its price and size cannot be checked — nothing was sent; try again in a moment$/,
    );
    expect(h.callsOf('submitOrder')).toEqual([]);
    expect(h.sim.ledger().orders).toEqual([]);
  });

  it('keeps trading while market data is down: its failures are not the broker\'s and halt nothing', async () => {
    const h = await startHarness({ intercept: quotesDown });
    for (const symbol of ['KO', 'PEP']) await expect(h.drive(h.engine.place(first(symbol, 1)))).rejects.toThrow(/^no quote for /);
    // The startup's snapshots and each order's, five attempts each: three times the breaker's threshold.
    expect(h.callsOf('getSnapshots')).toHaveLength(15);
    expect(h.engine.tradingStatus().state).toBe('active');
    // The stream still brings AAPL's quotes, and an order on them goes through.
    h.sim.setQuote('AAPL', AAPL_QUOTE);
    const placed = await h.drive(h.engine.place(buy(1)));
    expect(placed.brokerOrderId).toBeDefined();
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
  return method === 'getSnapshots' ? Promise.reject(new BrokerError('transient', 'market data down', { status: 503 })) : proceed();
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

describe('warnings from the core’s own book: shown, and the order still sent', () => {
  const restingSell = (qty: number) => buy(qty, { side: 'sell', type: 'limit', limitPrice: dec('200.00'), timeInForce: 'gtc' });

  it('a plain order against an open order on the other side names that order, then goes to the broker', async () => {
    const h = await startHarness();
    await h.drive(h.engine.place(restingSell(5)));
    await h.drive(h.engine.place(buy(5))).catch(() => undefined);
    expect(h.logs()).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        text: '#2 BUY 5 AAPL: AAPL has an open sell #1: the broker refuses this as a possible wash trade unless #1 is canceled first',
      }),
    );
    expect(h.callsOf('submitOrder')).toHaveLength(2);
  });

  it('a sale of shares the open sells already hold warns with what is available, then goes to the broker', async () => {
    const h = await startHarness({
      // Bought and filled in an earlier session.
      before: async (sim, clock) => {
        const bought = sim.submitOrder({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: dec(10), clientOrderId: 'earlier' });
        await clock.advanceAsync(1_000, 5);
        await bought;
      },
    });
    // The earlier buy is the books' opening position, not an order of theirs.
    expect(h.engine.portfolio().positions.AAPL?.qty.toString()).toBe('10');
    expect(h.engine.orders()).toEqual([]);
    await h.drive(h.engine.place(restingSell(6)));
    await h.drive(h.engine.place(buy(5, { side: 'sell', type: 'limit', limitPrice: dec('199.00'), timeInForce: 'gtc' }))).catch(() => undefined);
    expect(h.logText()).toContain(
      '#2 SELL 5 AAPL @ 199.00: sell 5 AAPL is more than the 4 available: open sells #1 hold 6 of the 10 long — the broker refuses it as insufficient qty unless they are canceled or resized first',
    );
    expect(h.callsOf('submitOrder')).toHaveLength(2);
  });

  it('says nothing about an order the book has no objection to', async () => {
    const h = await startHarness();
    await h.drive(h.engine.place(buy(5)));
    expect(h.logs().filter((e) => e.level === 'warn')).toEqual([]);
  });

  it('asks the broker whether a symbol trades once, not before every order, and asks again after a no', async () => {
    const h = await startHarness();
    for (let i = 0; i < 3; i++) await h.drive(h.engine.place(buy(1 + i)));
    expect(h.callsOf('isTradable')).toHaveLength(1);
    await h.drive(h.engine.place(first('ZZZZZ', 1))).catch(() => undefined);
    await h.drive(h.engine.place(first('ZZZZZ', 1))).catch(() => undefined);
    expect(h.callsOf('isTradable')).toHaveLength(3);
  });

  it('guards against a double submit per source: the same order from a strategy and from the trader is no duplicate', async () => {
    const h = await startHarness();
    await h.drive(h.engine.place(buy(5)));
    await h.drive(h.engine.place(buy(5), { source: 'sma1' }));
    await expect(h.drive(h.engine.place(buy(5), { source: 'sma1' }))).rejects.toThrow(/likely double submit/);
    await expect(h.drive(h.engine.place(buy(5)))).rejects.toThrow(/likely double submit/);
    expect(h.callsOf('submitOrder')).toHaveLength(2);
  });

  it('refuses a source a client order id cannot carry before anything reaches the broker', async () => {
    const h = await startHarness();
    await expect(h.engine.place(buy(5), { source: 'SMA-Cross' })).rejects.toThrow(
      'strategy id "SMA-Cross" can\'t be carried in a client order id: use 1 to 12 lowercase letters and digits',
    );
    expect(h.callsOf('isTradable')).toEqual([]);
    expect(h.engine.orders()).toEqual([]);
  });
});
