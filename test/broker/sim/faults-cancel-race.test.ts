import { describe, expect, it } from 'vitest';
import { isBrokerError } from '../../../src/broker/errors.js';
import { ACK, d, harness, setAapl, str } from './helpers.js';

describe('sim faults: cancel races', () => {
  it('a raced cancel ends with the order filled: either refused 422, or accepted and then order_cancel_rejected', async () => {
    const h = harness({ faults: { cancelRace: 1 } });
    const outcomes = { refused: 0, lost: 0 };
    for (let i = 0; i < 30; i++) {
      const order = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('99.80'), qty: d(10) });
      h.settle();
      const seenBefore = h.updates.length;
      const error = await h.sim.cancelOrder(order.id).catch((e: unknown) => e);
      if (error === undefined) {
        outcomes.lost += 1;
        expect((await h.sim.getOrder(order.id)).status).toBe('pending_cancel');
        h.clock.advance(ACK);
        expect(h.updates.slice(seenBefore).map((u) => u.event)).toEqual(['fill', 'order_cancel_rejected']);
      } else {
        outcomes.refused += 1;
        expect(isBrokerError(error, 'not_cancelable')).toBe(true);
        expect(error).toMatchObject({ status: 422, message: 'order is already in "filled" state' });
        h.clock.advance(ACK);
        expect(h.updates.slice(seenBefore).map((u) => u.event)).toEqual(['fill']);
      }
      const filled = await h.sim.getOrder(order.id);
      expect(filled.status).toBe('filled');
      expect(str(filled.filledAvgPrice)).toBe('99.8');
    }
    expect(outcomes.lost).toBeGreaterThan(5);
    expect(outcomes.refused).toBeGreaterThan(5);
    expect(h.sim.faultStats().cancelRaces).toEqual({ fill_before_cancel: outcomes.lost, fill_before_request: outcomes.refused });
    const fills = h.sim.ledger().fills;
    expect(fills).toHaveLength(30);
    expect(fills.every((f) => str(f.qty) === '10' && str(f.price) === '99.8')).toBe(true);
  });

  it('the fill that wins takes the rest of a partially filled order, at the quote when the order can trade there', async () => {
    const h = harness({ faults: { cancelRace: 1 } });
    setAapl(h.sim, '100.00', '100.02', { ask: '4' });
    const order = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('100.05'), qty: d(10) });
    h.settle();
    expect(str((await h.sim.getOrder(order.id)).filledQty)).toBe('4');
    await h.sim.cancelOrder(order.id).catch(() => undefined);
    h.clock.advance(ACK);
    const fills = h.sim.ledger().fills;
    expect(fills.map((f) => [str(f.qty), str(f.price)])).toEqual([
      ['4', '100.02'],
      ['6', '100.02'],
    ]);
    expect((await h.sim.getOrder(order.id)).status).toBe('filled');
  });

  it('an order far from the market never races: a fill there would invent a price nobody traded at', async () => {
    const h = harness({ faults: { cancelRace: 1 } });
    const stop = await h.submit({ side: 'sell', type: 'stop', stopPrice: d('95.00'), qty: d(3) });
    const far = await h.submit({ side: 'sell', type: 'limit', limitPrice: d('9999'), qty: d(3) });
    h.settle();
    await h.sim.cancelOrder(stop.id);
    await h.sim.cancelOrder(far.id);
    h.clock.advance(ACK);
    expect(h.sim.ledger().fills).toEqual([]);
    expect((await h.sim.getOrder(stop.id)).status).toBe('canceled');
    expect((await h.sim.getOrder(far.id)).status).toBe('canceled');
  });

  it('does not race a cancel of an order the exchange has not acknowledged yet', async () => {
    const h = harness({ faults: { cancelRace: 1 } });
    const order = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('99.00'), qty: d(10) });
    await h.sim.cancelOrder(order.id);
    h.settle();
    expect(h.events()).toEqual(['new', 'canceled']);
    expect(h.sim.faultStats().cancelRaces).toEqual({ fill_before_request: 0, fill_before_cancel: 0 });
  });

  it('without cancelRace a cancel in time cancels', async () => {
    const h = harness({ faults: { cancelRace: 0 } });
    const order = await h.submit({ side: 'buy', type: 'limit', limitPrice: d('99.00'), qty: d(10) });
    h.settle();
    await h.sim.cancelOrder(order.id);
    h.clock.advance(ACK);
    expect(h.events()).toEqual(['new', 'canceled']);
    expect(h.sim.ledger().fills).toEqual([]);
  });
});
