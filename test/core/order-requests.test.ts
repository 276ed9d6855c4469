import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { BrokerError } from '../../src/broker/errors.js';
import type { SubmitOrderRequest } from '../../src/broker/port.js';
import type { FaultConfig } from '../../src/broker/sim/fault-config.js';
import { OrderRefusedError } from '../../src/core/errors.js';
import { buy, restingBuy, startHarness, stopAll, type Harness, type HarnessOptions } from './engine-harness.js';

afterEach(stopAll);

/**
 * A harness whose exchange injects `faults` into the first `times` calls of `method`, then none:
 * the sim's own fault injection, switched off just before call number times + 1 reaches it.
 */
async function faultyFor(method: string, times: number, faults: FaultConfig, options: HarnessOptions = {}): Promise<Harness> {
  let harness: Harness | undefined;
  harness = await startHarness({
    ...options,
    intercept: ({ method: called, n }, proceed) => {
      if (called === method && n === 1) harness?.sim.setFaults(faults);
      if (called === method && n === times + 1) harness?.sim.setFaults({});
      return proceed();
    },
  });
  return harness;
}

const clientIds = (h: Harness, method: string): string[] => h.callsOf(method).map((c) => (c.arg as SubmitOrderRequest).clientOrderId ?? String(c.arg));
const retryLines = (h: Harness): string[] => h.logText().filter((t) => t.includes('— retry'));
const noRefusedDuplicates = (h: Harness): void => expect(h.sim.faultStats().refusedClientOrderIds).toEqual([]);

describe('submit: never sent twice, never given up early', () => {
  it('a submit that reached the exchange but lost its answer is found by its client id and not sent again', async () => {
    const h = await startHarness({ faults: { operations: { submitOrder: { lostResponse: 1 } } } });
    const placed = await h.drive(h.engine.place(restingBuy(10)));
    expect(placed.brokerOrderId).toBe(h.sim.ledger().orders[0]?.id);
    expect(h.sim.faultStats().executedUnanswered.submitOrder).toBe(1);
    expect(h.callsOf('submitOrder')).toHaveLength(1);
    expect(clientIds(h, 'getOrderByClientId')).toEqual([placed.clientOrderId]);
    expect(h.calls.findIndex((c) => c.method === 'getOrderByClientId')).toBeGreaterThan(h.calls.findIndex((c) => c.method === 'submitOrder'));
    expect(h.sim.ledger().orders).toHaveLength(1);
    noRefusedDuplicates(h);
    expect(retryLines(h)).toEqual([]);
    await h.advance(50);
    expect(h.order(1)?.status).toBe('new');
  });

  it('a submit that timed out without reaching the exchange is sent again with the same client id, after a lookup said absent', async () => {
    const h = await faultyFor('submitOrder', 1, { operations: { submitOrder: { ambiguous: 1 } }, ambiguousExecuted: 0 });
    const placed = await h.drive(h.engine.place(restingBuy(10)));
    expect(clientIds(h, 'submitOrder')).toEqual([placed.clientOrderId, placed.clientOrderId]);
    const [first, second] = h.callsOf('submitOrder');
    const lookup = h.calls.find((c) => c.method === 'getOrderByClientId');
    expect(lookup?.arg).toBe(placed.clientOrderId);
    expect(h.calls.indexOf(first!)).toBeLessThan(h.calls.indexOf(lookup!));
    expect(h.calls.indexOf(lookup!)).toBeLessThan(h.calls.indexOf(second!));
    expect(retryLines(h)).toEqual(['submit #1 no answer — retry 2/5 in 0.2s']);
    expect(h.sim.ledger().orders.map((o) => o.clientOrderId)).toEqual([placed.clientOrderId]);
    expect(h.sim.faultStats().errors.ambiguous.submitOrder).toBe(1);
    noRefusedDuplicates(h);
  });

  it('transient errors are retried without a lookup, each retry a line in the log', async () => {
    const h = await faultyFor('submitOrder', 2, { operations: { submitOrder: { transient: 1 } } });
    const placed = await h.drive(h.engine.place(restingBuy(10)));
    expect(placed.brokerOrderId).toBeDefined();
    expect(clientIds(h, 'submitOrder')).toEqual([placed.clientOrderId, placed.clientOrderId, placed.clientOrderId]);
    expect(h.callsOf('getOrderByClientId')).toEqual([]);
    expect(retryLines(h)).toEqual(['submit #1 unavailable — retry 2/5 in 0.2s', 'submit #1 unavailable — retry 3/5 in 0.3s']);
    expect(h.logs().filter((e) => e.text.includes('— retry')).every((e) => e.level === 'warn')).toBe(true);
    expect(h.engine.metrics().counters['retries{transient}']).toBe(2);
    expect(h.sim.ledger().orders).toHaveLength(1);
  });

  it('a 429 on submit waits as long as the broker asked before the order is sent again, with no lookup', async () => {
    const h = await faultyFor('submitOrder', 1, { operations: { submitOrder: { rateLimited: 1 } }, retryAfterMs: 1_000 });
    const placed = await h.drive(h.engine.place(restingBuy(10)));
    const [first, second] = h.callsOf('submitOrder');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_000);
    expect(clientIds(h, 'submitOrder')).toEqual([placed.clientOrderId, placed.clientOrderId]);
    expect(h.callsOf('getOrderByClientId')).toEqual([]);
    expect(h.engine.metrics().counters['retries{rate_limited}']).toBe(1);
  });

  it('the retry line after a 429 on submit shows the wait the broker asked for', async () => {
    const h = await faultyFor('submitOrder', 1, { operations: { submitOrder: { rateLimited: 1 } }, retryAfterMs: 1_000 });
    await h.drive(h.engine.place(restingBuy(10)));
    expect(retryLines(h)).toEqual(['submit #1 rate limited — retry 2/5 in 1.0s']);
  });

  it('a permanent rejection fails at once with the broker reason: no retry, no lookup', async () => {
    const h = await startHarness();
    const placing = h.engine.place(buy(10, { timeInForce: 'opg' }));
    await expect(placing).rejects.toThrow(OrderRefusedError);
    await expect(placing).rejects.toThrow('#1 BUY 10 AAPL rejected: opg orders are not supported by the simulator');
    expect(h.callsOf('submitOrder')).toHaveLength(1);
    expect(h.callsOf('getOrderByClientId')).toEqual([]);
    expect(retryLines(h)).toEqual([]);
    expect(h.order(1)).toMatchObject({ status: 'rejected', reason: 'opg orders are not supported by the simulator' });
    expect(h.logText()).toContain('#1 BUY 10 AAPL rejected: opg orders are not supported by the simulator');
  });

  it('a resend the broker refuses as a duplicate client order id means the first attempt arrived: it is looked up, not rejected', async () => {
    const h = await startHarness({
      intercept: ({ method, n }, proceed) => {
        // The first submit reaches the exchange but its answer is lost; the lookup after it is answered
        // from a replica that has not seen it yet; the resend is refused as a duplicate.
        if (method === 'submitOrder' && n === 1) return Promise.resolve(proceed()).then(() => Promise.reject(new BrokerError('ambiguous', 'connection reset')));
        if (method === 'getOrderByClientId' && n === 1) return Promise.reject(new BrokerError('not_found', 'order not found'));
        if (method === 'submitOrder' && n === 2) {
          return Promise.reject(new BrokerError('rejected', 'a request with this client order id was already made', { reason: 'duplicate_client_order_id' }));
        }
        return proceed();
      },
    });
    const placed = await h.drive(h.engine.place(restingBuy(10)));
    expect(placed.status).toBe('new');
    expect(placed.brokerOrderId).toBe(h.sim.ledger().orders[0]?.id);
    expect(h.callsOf('submitOrder')).toHaveLength(2);
    expect(h.callsOf('getOrderByClientId')).toHaveLength(2);
    expect(h.sim.ledger().orders).toHaveLength(1);
  });

  it('reads a refusal by its reason, never its wording: "must be unique" with another reason is a plain rejection', async () => {
    const h = await startHarness({
      intercept: ({ method }, proceed) =>
        method === 'submitOrder' ? Promise.reject(new BrokerError('rejected', 'client_order_id must be unique', { reason: 'invalid_order' })) : proceed(),
    });
    await expect(h.drive(h.engine.place(restingBuy(10)))).rejects.toThrow('#1 BUY 10 AAPL @ 180.00 rejected: client_order_id must be unique');
    expect(h.callsOf('getOrderByClientId')).toEqual([]);
    expect(h.order(1)?.status).toBe('rejected');
  });

  it('a refusal says what to do, from the core’s own book: the open order a wash trade runs into', async () => {
    const h = await startHarness({
      intercept: ({ method, n }, proceed) =>
        method === 'submitOrder' && n === 2
          ? Promise.reject(new BrokerError('rejected', 'potential wash trade detected. use complex orders', { reason: 'wash_trade', status: 403 }))
          : proceed(),
    });
    await h.drive(h.engine.place(buy(5, { side: 'sell', type: 'limit', limitPrice: dec('200.00'), timeInForce: 'gtc' })));
    const refused = h.drive(h.engine.place(buy(5)));
    await expect(refused).rejects.toThrow(OrderRefusedError);
    await expect(refused).rejects.toThrow('#2 BUY 5 AAPL rejected: potential wash trade: AAPL has an open sell order #1 — cancel it first, or send this as a bracket/oco');
    expect(h.order(2)).toMatchObject({ status: 'rejected', reason: 'potential wash trade: AAPL has an open sell order #1 — cancel it first, or send this as a bracket/oco' });
  });

  it('an order the exchange keeps refusing with transient errors ends rejected after 5 attempts, never accepted', async () => {
    const h = await startHarness({ faults: { operations: { submitOrder: { transient: 1 } } } });
    const placing = h.drive(h.engine.place(restingBuy(10)));
    await expect(placing).rejects.toThrow('#1 BUY 10 AAPL @ 180.00 not accepted after 5 attempts: service unavailable');
    expect(h.callsOf('submitOrder')).toHaveLength(5);
    expect(new Set(clientIds(h, 'submitOrder')).size).toBe(1);
    expect(retryLines(h).map((t) => t.replace(/ in .*/, ''))).toEqual([
      'submit #1 unavailable — retry 2/5',
      'submit #1 unavailable — retry 3/5',
      'submit #1 unavailable — retry 4/5',
      'submit #1 unavailable — retry 5/5',
    ]);
    expect(h.order(1)).toMatchObject({ status: 'rejected', reason: 'not accepted after 5 attempts (unavailable)' });
    expect(h.sim.ledger().orders).toEqual([]);
  });

  it('an order whose every submit times out without arriving ends rejected after 5 attempts, each after a lookup', async () => {
    const h = await startHarness({ faults: { operations: { submitOrder: { ambiguous: 1 } }, ambiguousExecuted: 0 } });
    await expect(h.drive(h.engine.place(restingBuy(10)))).rejects.toThrow(/not accepted after 5 attempts/);
    expect(h.callsOf('submitOrder')).toHaveLength(5);
    expect(h.callsOf('getOrderByClientId')).toHaveLength(5);
    expect(h.order(1)?.reason).toBe('not accepted after 5 attempts (no answer)');
    expect(h.sim.ledger().orders).toEqual([]);
    noRefusedDuplicates(h);
  });

  it('when the broker cannot say whether an unclear submit arrived, the order stays pending and is not sent again', async () => {
    const h = await startHarness({
      faults: { operations: { submitOrder: { ambiguous: 1 }, getOrderByClientId: { transient: 1 } }, ambiguousExecuted: 0 },
      config: { breaker: { failureThreshold: 1_000, windowMs: 60_000 } },
    });
    const placed = await h.drive(h.engine.place(restingBuy(10)));
    expect(placed.status).toBe('pending_new');
    expect(h.callsOf('submitOrder')).toHaveLength(1);
    expect(h.logText()).toContain('#1 BUY 10 AAPL @ 180.00: the broker could not say whether it has it (unavailable); it stays pending and is checked again');
    // Once the broker answers again it says it never got the order: reconciliation closes it.
    h.sim.setFaults({});
    await h.advance(40_000);
    expect(h.order(1)).toMatchObject({ status: 'rejected', reason: 'never reached the broker' });
    expect(h.callsOf('submitOrder')).toHaveLength(1);
  });
});

describe('cancel and replace requests', () => {
  it('a cancel is retried through transient errors and the order ends canceled', async () => {
    const h = await faultyFor('cancelOrder', 2, { operations: { cancelOrder: { transient: 1 } } });
    const placed = await h.engine.place(restingBuy(10));
    await h.advance(50);
    const pending = await h.drive(h.engine.cancel({ kind: 'seq', seq: placed.seq }));
    expect(pending.status).toBe('pending_cancel');
    expect(h.callsOf('cancelOrder')).toHaveLength(3);
    expect(retryLines(h)).toEqual([
      'cancel #1 BUY 10 AAPL @ 180.00 unavailable — retry 2/5 in 0.2s',
      'cancel #1 BUY 10 AAPL @ 180.00 unavailable — retry 3/5 in 0.3s',
    ]);
    await h.advance(50);
    expect(h.order(1)?.status).toBe('canceled');
    expect(h.sim.ledger().orders[0]?.status).toBe('canceled');
  });

  it('a cancel that cannot get through fails with the reason and leaves the order working, not stuck pending', async () => {
    const h = await startHarness({ config: { breaker: { failureThreshold: 1_000, windowMs: 60_000 } } });
    const placed = await h.engine.place(restingBuy(10));
    await h.advance(50);
    h.sim.setFaults({ operations: { cancelOrder: { transient: 1 } } });
    await expect(h.drive(h.engine.cancel({ kind: 'seq', seq: placed.seq }))).rejects.toThrow(/^cancel #1 BUY 10 AAPL @ 180\.00 failed: /);
    expect(h.callsOf('cancelOrder')).toHaveLength(5);
    expect(h.order(1)?.status).toBe('new');
  });

  it('a replace the exchange refuses restores the original and rejects the replacement with the reason', async () => {
    const h = await startHarness();
    const original = await h.engine.place(restingBuy(10));
    await h.advance(50);
    const replacing = h.engine.replace({ kind: 'seq', seq: original.seq }, { qty: dec(100_000) });
    await expect(replacing).rejects.toThrow(/^replace #1 BUY 10 AAPL @ 180\.00 failed: insufficient buying power/);
    expect(h.order(1)?.status).toBe('new');
    expect(h.order(2)).toMatchObject({ status: 'rejected', qty: dec(100_000) });
    expect(h.order(2)?.reason).toMatch(/^insufficient buying power/);
    expect(h.sim.ledger().orders.map((o) => o.status)).toEqual(['new']);
    // The original is still the trader's to manage.
    await h.drive(h.engine.cancel({ kind: 'seq', seq: 1 }));
    await h.advance(50);
    expect(h.order(1)?.status).toBe('canceled');
  });

  it('a replace that timed out without arriving restores the original after a lookup says absent', async () => {
    const h = await startHarness();
    const original = await h.engine.place(restingBuy(10));
    await h.advance(50);
    h.sim.setFaults({ operations: { replaceOrder: { ambiguous: 1 } }, ambiguousExecuted: 0 });
    await expect(h.drive(h.engine.replace({ kind: 'seq', seq: original.seq }, { limitPrice: dec('181.00') }))).rejects.toThrow(/failed: gateway timeout/);
    expect(h.callsOf('replaceOrder')).toHaveLength(1);
    expect(clientIds(h, 'getOrderByClientId')).toEqual([h.order(2)?.clientOrderId]);
    expect(h.order(1)?.status).toBe('new');
    expect(h.order(2)?.status).toBe('rejected');
    expect(h.sim.ledger().orders).toHaveLength(1);
  });

  it('after a replace whose outcome could not be learned, the original becomes cancelable again once the broker answers', async () => {
    let lookupsDown = false;
    const h = await startHarness({
      config: { breaker: { failureThreshold: 1_000, windowMs: 60_000 } },
      intercept: ({ method }, proceed) =>
        lookupsDown && method === 'getOrderByClientId' ? Promise.reject(new BrokerError('transient', 'service unavailable', { status: 503 })) : proceed(),
    });
    const original = await h.engine.place(restingBuy(10, { timeInForce: 'gtc' }));
    await h.advance(50);
    h.sim.setFaults({ operations: { replaceOrder: { ambiguous: 1 } }, ambiguousExecuted: 0 });
    lookupsDown = true;
    const replacement = await h.drive(h.engine.replace({ kind: 'seq', seq: original.seq }, { limitPrice: dec('181.00') }));
    expect(replacement.status).toBe('pending_new');
    h.sim.setFaults({});
    lookupsDown = false;

    await h.advance(40_000);
    expect(h.sim.ledger().orders.map((o) => o.status)).toEqual(['new']);
    expect(h.order(2)).toMatchObject({ status: 'rejected', reason: 'never reached the broker' });
    expect(h.order(1)?.status).toBe('new');
    await h.drive(h.engine.cancel({ kind: 'seq', seq: 1 }));
    await h.advance(50);
    expect(h.order(1)?.status).toBe('canceled');
  });

  it('a replace whose answer was lost is found by the replacement client id, not sent again', async () => {
    const h = await startHarness();
    const original = await h.engine.place(restingBuy(10));
    await h.advance(50);
    h.sim.setFaults({ operations: { replaceOrder: { lostResponse: 1 } } });
    const replacement = await h.drive(h.engine.replace({ kind: 'seq', seq: original.seq }, { limitPrice: dec('181.00') }));
    expect(replacement.seq).toBe(2);
    expect(h.callsOf('replaceOrder')).toHaveLength(1);
    await h.advance(50);
    expect(h.order(1)?.status).toBe('replaced');
    expect(h.order(2)?.status).toBe('new');
    expect(h.order(2)?.limitPrice?.toString()).toBe('181');
    expect(h.sim.ledger().orders.map((o) => o.status)).toEqual(['replaced', 'new']);
    noRefusedDuplicates(h);
  });
});
