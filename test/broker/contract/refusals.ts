import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/domain/decimal.js';
import type { BrokerError, RejectReason } from '../../../src/broker/errors.js';
import { UNKNOWN_SYMBOL, type ContractSession, type OrderRequest } from './session.js';

/** What a client reads from a refusal: its kind and reason, whatever the adapter's words. */
function expectRefused(error: BrokerError, reason: RejectReason): void {
  const oneLine = expect.stringMatching(/^[^\n]+$/);
  expect({ kind: error.kind, reason: error.reason, message: error.message }).toEqual({ kind: 'rejected', reason, message: oneLine });
}

/** A number standing alone in a message: `4` in "available: 4", not in "14" or "4.5". */
function mentions(message: string, figure: string): boolean {
  return new RegExp(`(?<![\\d.])${figure.replace('.', '\\.')}(?![\\d.])`).test(message);
}

/** Refuses an order request and leaves no order behind under its client order id. */
async function refusedLeavingNothing(s: ContractSession, request: OrderRequest, reason: RejectReason): Promise<void> {
  const clientOrderId = s.clientOrderId();
  expectRefused(await s.refusal(s.submit({ ...request, clientOrderId })), reason);
  expect((await s.refusal(s.broker.getOrderByClientId(clientOrderId))).kind).toBe('not_found');
}

/** Every refusal reason of the port, each from the request that provokes it. */
export function refusalCases(session: () => ContractSession): void {
  describe('refusals', () => {
    it('refuses a symbol the market does not know: unknown_symbol', async () => {
      await refusedLeavingNothing(session(), { symbol: UNKNOWN_SYMBOL, side: 'buy', qty: dec(1) }, 'unknown_symbol');
    });

    it.each<[string, OrderRequest]>([
      ['a quantity of 0', { side: 'buy', qty: dec(0) }],
      ['a sub-penny limit price', { side: 'buy', type: 'limit', limitPrice: dec('99.123'), qty: dec(1) }],
    ])('refuses %s: invalid_order', async (_name, request) => {
      await refusedLeavingNothing(session(), request, 'invalid_order');
    });

    it('refuses a client order id used before, even once that order is done: duplicate_client_order_id', async () => {
      const s = session();
      const clientOrderId = s.clientOrderId();
      const first = await s.submit({ side: 'buy', qty: dec(1), clientOrderId });
      await s.settle();
      expectRefused(await s.refusal(s.submit({ side: 'buy', qty: dec(2), clientOrderId })), 'duplicate_client_order_id');
      expect((await s.broker.getOrderByClientId(clientOrderId)).id).toBe(first.id);
    });

    it('refuses an order beyond the buying power: insufficient_buying_power', async () => {
      const huge = { side: 'buy', type: 'limit', limitPrice: dec('95.00'), qty: dec(10_000_000) } as const;
      await refusedLeavingNothing(session(), huge, 'insufficient_buying_power');
    });

    it('refuses a sell of shares open sells already hold: insufficient_qty, saying how many are available', async () => {
      const s = session();
      await s.hold(10);
      const far = { side: 'sell', type: 'limit', limitPrice: dec('150.00'), timeInForce: 'gtc' } as const;
      await s.submit({ ...far, qty: dec(6) });
      const four = await s.refusal(s.submit({ ...far, qty: dec(5) }));
      expectRefused(four, 'insufficient_qty');
      expect(mentions(four.message, '4'), four.message).toBe(true);
      await s.submit({ ...far, qty: dec(4) });
      const none = await s.refusal(s.submit({ ...far, qty: dec(5) }));
      expectRefused(none, 'insufficient_qty');
      expect(mentions(none.message, '0'), none.message).toBe(true);
    });

    it('refuses a simple buy while a sell limit rests: wash_trade; a trailing stop or a bracket buy is exempt', async () => {
      const s = session();
      await s.hold(10);
      await s.submit({ side: 'sell', type: 'limit', limitPrice: dec('150.00'), timeInForce: 'gtc', qty: dec(10) });
      await s.settle();
      await refusedLeavingNothing(s, { side: 'buy', qty: dec(1) }, 'wash_trade');
      const trailing = await s.submit({ side: 'buy', type: 'trailing_stop', trailPrice: dec('1.00'), qty: dec(1) });
      expect(['pending_new', 'new']).toContain(trailing.status);
      const bracket = await s.submit({
        side: 'buy',
        type: 'limit',
        limitPrice: dec('95.00'),
        qty: dec(1),
        orderClass: 'bracket',
        takeProfit: { limitPrice: dec('105.00') },
        stopLoss: { stopPrice: dec('90.00') },
      });
      expect(bracket.orderClass).toBe('bracket');
    });

    it('refuses to replace an order that has filled: not_cancelable', async () => {
      const s = session();
      const order = await s.hold(1);
      expectRefused(await s.refusal(s.broker.replaceOrder(order.id, { qty: dec(2), clientOrderId: s.clientOrderId() })), 'not_cancelable');
    });
  });
}
