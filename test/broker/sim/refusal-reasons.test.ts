import { describe, expect, it } from 'vitest';
import { BrokerError } from '../../../src/broker/errors.js';
import { d, harness, type Harness } from './helpers.js';

async function refusal(attempt: (h: Harness) => Promise<unknown>): Promise<BrokerError> {
  const h = harness();
  const error = await attempt(h).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof BrokerError)) throw new Error(`expected a BrokerError, got ${String(error)}`);
  return error;
}

async function filled(h: Harness): Promise<string> {
  const order = await h.submit({ side: 'buy', qty: d(1) }, 'first');
  h.settle();
  return order.id;
}

/** Each refusal with its typed reason and the HTTP status Alpaca answers it with (research: alpaca-behaviours.md §2.6). */
describe('sim refusals carry their reason and status', () => {
  it.each<[string, (h: Harness) => Promise<unknown>, object]>([
    ['an unknown symbol', (h) => h.submit({ side: 'buy', symbol: 'ZZZZ', qty: d(1) }), { kind: 'rejected', reason: 'unknown_symbol', status: 422 }],
    [
      'a reused client order id',
      async (h) => (await filled(h), h.submit({ side: 'buy', qty: d(1) }, 'first')),
      { kind: 'rejected', reason: 'duplicate_client_order_id', status: 422, message: 'client_order_id must be unique' },
    ],
    [
      'a replacement reusing a client order id',
      async (h) => {
        const resting = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(1) }, 'resting');
        h.settle();
        return h.sim.replaceOrder(resting.id, { clientOrderId: 'resting', qty: d(2) });
      },
      { kind: 'rejected', reason: 'duplicate_client_order_id', status: 422 },
    ],
    ['a cancel of a filled order', async (h) => h.sim.cancelOrder(await filled(h)), { kind: 'not_cancelable', status: 422, reason: undefined }],
    [
      'a replace of a filled order',
      async (h) => h.sim.replaceOrder(await filled(h), { clientOrderId: 'r', qty: d(2) }),
      { kind: 'rejected', reason: 'not_cancelable', status: 422, message: 'order is already in "filled" state' },
    ],
    ['too little buying power', (h) => h.submit({ side: 'buy', qty: d(5000) }), { kind: 'rejected', reason: 'insufficient_buying_power', status: 403 }],
    [
      'shares held by open orders',
      async (h) => (await filled(h), h.submit({ side: 'sell', qty: d(2) })),
      { kind: 'rejected', reason: 'insufficient_qty', status: 403 },
    ],
    [
      'a possible wash trade',
      async (h) => {
        await h.submit({ side: 'sell', type: 'limit', limitPrice: d('150.00'), qty: d(1) });
        return h.submit({ side: 'buy', qty: d(1) });
      },
      { kind: 'rejected', reason: 'wash_trade', status: 403 },
    ],
    ['a bad quantity', (h) => h.submit({ side: 'buy', qty: d(0) }), { kind: 'rejected', reason: 'invalid_order', status: 422 }],
    ['a dollar amount under $1', (h) => h.submit({ side: 'buy', notional: d('0.5') }), { kind: 'rejected', reason: 'invalid_order', status: 403 }],
    ['a fractional short sale', (h) => h.submit({ side: 'sell', qty: d('0.5') }), { kind: 'rejected', reason: 'invalid_order', status: 403 }],
    [
      'a page too large',
      (h) => h.sim.listOrders({ status: 'all', limit: 501 }),
      { kind: 'rejected', reason: 'invalid_order', status: 422, message: 'limit must be an integer from 1 to 500, not 501' },
    ],
    ['an unknown order', (h) => h.sim.getOrder('nope'), { kind: 'not_found', status: 404, reason: undefined }],
  ])('%s', async (_name, attempt, expected) => {
    expect(await refusal(attempt)).toMatchObject(expected);
  });
});
