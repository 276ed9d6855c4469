import { describe, expect, it } from 'vitest';
import { isBrokerError } from '../../../src/broker/errors.js';
import { ACK, FILL, d, harness, setAapl, str } from './helpers.js';

describe('sim order lifecycle: latency', () => {
  it('answers submit with pending_new, sends `new` after the ack latency and the fill after the fill latency', async () => {
    const h = harness();
    const order = await h.submit({ side: 'buy', qty: d(10) });
    expect(order.status).toBe('pending_new');
    expect(order.filledQty.isZero()).toBe(true);
    h.clock.advance(ACK - 1);
    expect(h.events()).toEqual([]);
    expect((await h.sim.getOrder(order.id)).status).toBe('pending_new');
    h.clock.advance(1);
    expect(h.events()).toEqual(['new']);
    expect((await h.sim.getOrder(order.id)).status).toBe('new');
    h.clock.advance(FILL - 1);
    expect(h.events()).toEqual(['new']);
    h.clock.advance(1);
    expect(h.events()).toEqual(['new', 'fill']);
    expect((await h.sim.getOrder(order.id)).status).toBe('filled');
  });

  it('uses the configured latencies', async () => {
    const h = harness({ ackLatencyMs: 100, fillLatencyMs: 250 });
    await h.submit({ side: 'buy', qty: d(1) });
    h.clock.advance(99);
    expect(h.events()).toEqual([]);
    h.clock.advance(1 + 249);
    expect(h.events()).toEqual(['new']);
    h.clock.advance(1);
    expect(h.events()).toEqual(['new', 'fill']);
  });

  it('stamps updates and orders with the clock', async () => {
    const h = harness();
    const start = h.clock.now();
    const order = await h.submit({ side: 'buy', qty: d(1) });
    expect(order.submittedAt).toBe(new Date(start).toISOString());
    h.settle();
    expect(h.updates.map((u) => u.timestamp)).toEqual([
      new Date(start + ACK).toISOString(),
      new Date(start + ACK + FILL).toISOString(),
    ]);
    expect(h.updates[1]?.order.filledAt).toBe(new Date(start + ACK + FILL).toISOString());
  });
});

describe('sim order lifecycle: cancel', () => {
  it('is asynchronous: the request resolves, the order is pending_cancel, `canceled` follows after the ack latency', async () => {
    const h = harness();
    const order = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('99.00'), qty: d(10) });
    h.settle();
    await h.sim.cancelOrder(order.id);
    expect(h.events()).toEqual(['new']);
    expect((await h.sim.getOrder(order.id)).status).toBe('pending_cancel');
    h.clock.advance(ACK);
    expect(h.events()).toEqual(['new', 'canceled']);
    const canceled = await h.sim.getOrder(order.id);
    expect(canceled.status).toBe('canceled');
    expect(canceled.canceledAt).toBeDefined();
  });

  it('refuses to cancel a filled order with not_cancelable 422', async () => {
    const h = harness();
    const order = await h.submit({ side: 'buy', qty: d(10) });
    h.settle();
    const error = await h.sim.cancelOrder(order.id).catch((e: unknown) => e);
    expect(isBrokerError(error, 'not_cancelable')).toBe(true);
    expect(error).toMatchObject({ status: 422, message: 'order is already in "filled" state' });
  });

  it('refuses to cancel a canceled order', async () => {
    const h = harness();
    const order = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(10) });
    await h.sim.cancelOrder(order.id);
    h.settle();
    await expect(h.sim.cancelOrder(order.id)).rejects.toMatchObject({ kind: 'not_cancelable', message: 'order is already in "canceled" state' });
  });

  it('answers not_found 404 for an unknown id', async () => {
    const h = harness();
    await expect(h.sim.cancelOrder('nope')).rejects.toMatchObject({ kind: 'not_found', status: 404 });
    await expect(h.sim.getOrder('nope')).rejects.toMatchObject({ kind: 'not_found', status: 404 });
    await expect(h.sim.getOrderByClientId('nope')).rejects.toMatchObject({ kind: 'not_found', status: 404 });
  });

  it('cancels before a fill that has not been scheduled yet: no fill at all', async () => {
    const h = harness();
    const order = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('99.00'), qty: d(10) });
    h.settle();
    await h.sim.cancelOrder(order.id);
    setAapl(h.sim, '98.00', '98.02');
    h.clock.advance(ACK + FILL);
    expect(h.events()).toEqual(['new', 'canceled']);
    expect(h.sim.ledger().fills).toEqual([]);
  });

  it('lets an execution already under way beat the cancel, which then lands as order_cancel_rejected', async () => {
    const h = harness({ ackLatencyMs: 20, fillLatencyMs: 30 });
    const order = await h.submit({ side: 'buy', qty: d(10) });
    h.clock.advance(ACK + 10);
    await h.sim.cancelOrder(order.id);
    h.clock.advance(ACK);
    expect(h.events()).toEqual(['new', 'fill', 'order_cancel_rejected']);
    const rejected = h.updates[2];
    expect(rejected?.order.status).toBe('filled');
    expect((await h.sim.getOrder(order.id)).status).toBe('filled');
  });

  it('cancels in time when the cancel lands before the execution', async () => {
    const h = harness({ ackLatencyMs: 10, fillLatencyMs: 50 });
    const order = await h.submit({ side: 'buy', qty: d(10) });
    h.clock.advance(10);
    await h.sim.cancelOrder(order.id);
    h.clock.advance(100);
    expect(h.events()).toEqual(['new', 'canceled']);
    expect(h.sim.ledger().fills).toEqual([]);
  });

  it('can cancel an order before it is acknowledged', async () => {
    const h = harness();
    const order = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('99.00'), qty: d(10) });
    await h.sim.cancelOrder(order.id);
    h.clock.advance(ACK * 2);
    expect(h.events()).toEqual(['new', 'canceled']);
  });

  it('keeps the filled part when a partially filled order is canceled', async () => {
    const h = harness();
    setAapl(h.sim, '100.00', '100.02', { ask: '300' });
    const order = await h.submit({ side: 'buy', qty: d(1000) });
    h.settle();
    await h.sim.cancelOrder(order.id);
    h.clock.advance(ACK);
    expect(h.events()).toEqual(['new', 'partial_fill', 'canceled']);
    const canceled = await h.sim.getOrder(order.id);
    expect(str(canceled.filledQty)).toBe('300');
    expect(canceled.status).toBe('canceled');
  });
});

describe('sim order lifecycle: replace', () => {
  it('creates a new order that replaces the old one: `replaced` for the old, `new` for the new', async () => {
    const h = harness();
    const old = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('99.00'), qty: d(10), timeInForce: 'gtc' });
    h.settle();
    const replacement = await h.sim.replaceOrder(old.id, { limitPrice: d('99.50'), clientOrderId: 'replace-1' });
    expect(replacement.id).not.toBe(old.id);
    expect(replacement.replaces).toBe(old.id);
    expect(replacement.status).toBe('pending_new');
    expect(str(replacement.limitPrice)).toBe('99.5');
    expect(str(replacement.qty)).toBe('10');
    expect(replacement.timeInForce).toBe('gtc');
    expect((await h.sim.getOrder(old.id)).status).toBe('pending_replace');
    h.clock.advance(ACK);
    expect(h.updates.slice(1).map((u) => [u.event, u.order.id])).toEqual([
      ['replaced', old.id],
      ['new', replacement.id],
    ]);
    const after = await h.sim.getOrder(old.id);
    expect(after).toMatchObject({ status: 'replaced', replacedBy: replacement.id });
    expect((await h.sim.getOrderByClientId('replace-1')).status).toBe('new');
  });

  it('the replacement works: it fills when the market reaches its new price', async () => {
    const h = harness();
    const old = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('99.00'), qty: d(10) });
    h.settle();
    const replacement = await h.sim.replaceOrder(old.id, { limitPrice: d('100.02'), qty: d(4), clientOrderId: 'replace-2' });
    h.settle();
    expect(h.events()).toEqual(['new', 'replaced', 'new', 'fill']);
    const filled = await h.sim.getOrder(replacement.id);
    expect(str(filled.filledQty)).toBe('4');
    expect(str(filled.filledAvgPrice)).toBe('100.02');
  });

  it('refuses to replace a filled order with a clear rejection', async () => {
    const h = harness();
    const order = await h.submit({ side: 'buy', qty: d(10) });
    h.settle();
    await expect(h.sim.replaceOrder(order.id, { qty: d(5), clientOrderId: 'r' })).rejects.toMatchObject({
      kind: 'rejected',
      status: 422,
      message: 'order is already in "filled" state',
    });
  });

  it('refuses to replace an order that is not yet acknowledged, or a notional one', async () => {
    const h = harness();
    const order = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(10) });
    await expect(h.sim.replaceOrder(order.id, { qty: d(5), clientOrderId: 'r1' })).rejects.toMatchObject({
      kind: 'rejected',
      message: 'order cannot be replaced while pending_new',
    });
    h.settle();
    const dollars = await h.submit({ side: 'buy', notional: d(500) });
    h.clock.advance(ACK);
    await expect(h.sim.replaceOrder(dollars.id, { qty: d(5), clientOrderId: 'r2' })).rejects.toMatchObject({
      message: 'notional orders cannot be replaced',
    });
  });

  it('rejects the replacement when the original fills before the replacement lands', async () => {
    const h = harness({ ackLatencyMs: 20, fillLatencyMs: 10 });
    const old = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('99.00'), qty: d(10) });
    h.clock.advance(ACK);
    setAapl(h.sim, '98.90', '98.95');
    const replacement = await h.sim.replaceOrder(old.id, { limitPrice: d('98.00'), clientOrderId: 'late' });
    h.clock.advance(ACK);
    expect(h.updates.map((u) => [u.event, u.order.id])).toEqual([
      ['new', old.id],
      ['fill', old.id],
      ['order_replace_rejected', old.id],
      ['rejected', replacement.id],
    ]);
    const rejected = await h.sim.getOrder(replacement.id);
    expect(rejected.status).toBe('rejected');
    expect(rejected.reason).toBe('the order it replaces is already filled');
  });

  it('refuses a cancel while a replace is pending', async () => {
    const h = harness();
    const old = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(10) });
    h.settle();
    await h.sim.replaceOrder(old.id, { limitPrice: d('91.00'), clientOrderId: 'r3' });
    await expect(h.sim.cancelOrder(old.id)).rejects.toMatchObject({ kind: 'rejected', status: 422 });
  });

  it('refuses a replacement that reuses a client order id', async () => {
    const h = harness();
    const old = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('90.00'), qty: d(10) }, 'taken');
    h.settle();
    await expect(h.sim.replaceOrder(old.id, { limitPrice: d('91.00'), clientOrderId: 'taken' })).rejects.toMatchObject({
      message: 'client_order_id must be unique',
    });
  });
});
