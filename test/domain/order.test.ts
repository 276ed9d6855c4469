import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { InvalidTransitionError } from '../../src/domain/errors.js';
import type { OrderEvent } from '../../src/domain/order-state.js';
import type { OrderSpec } from '../../src/domain/order-types.js';
import { applyOrderEvent, isOrderWorking, newOrder, remainingQty, type Order } from '../../src/domain/order.js';

const T0 = Date.UTC(2026, 0, 5, 15, 0, 0);

const LIMIT_BUY: OrderSpec = {
  symbol: 'AAPL',
  side: 'buy',
  type: 'limit',
  timeInForce: 'day',
  qty: dec('10'),
  limitPrice: dec('187.00'),
};

function placed(spec: OrderSpec = LIMIT_BUY): Order {
  return newOrder(spec, 'blt-01TEST', 12, T0);
}

/** Applies events one second apart, starting one second after T0. */
function applyAll(order: Order, events: readonly OrderEvent[]): Order {
  return events.reduce((current, event, i) => applyOrderEvent(current, event, T0 + (i + 1) * 1000), order);
}

describe('newOrder()', () => {
  it('starts pending_new with nothing filled and the spec, id, row number and time it was given, as the trader’s simple order', () => {
    const order = placed();
    expect(order).toEqual({
      ...LIMIT_BUY,
      clientOrderId: 'blt-01TEST',
      source: 'manual',
      orderClass: 'simple',
      seq: 12,
      status: 'pending_new',
      filledQty: dec('0'),
      executionIds: [],
      createdAt: T0,
      updatedAt: T0,
    });
    expect(order.filledQty.isZero()).toBe(true);
    expect('previousStatus' in order).toBe(false);
    expect(order.brokerOrderId).toBeUndefined();
    expect(order.avgFillPrice).toBeUndefined();
  });

  it('takes who placed it and its class when given', () => {
    const order = newOrder(LIMIT_BUY, 'blt-sma1-01TEST', 12, T0, { source: 'sma1', orderClass: 'bracket' });
    expect(order).toMatchObject({ source: 'sma1', orderClass: 'bracket' });
  });

  it('keeps a notional order without a quantity', () => {
    const order = placed({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', notional: dec('500') });
    expect(order.notional?.toString()).toBe('500');
    expect(order.qty).toBeUndefined();
  });
});

describe('applyOrderEvent()', () => {
  it('moves the status and stamps the time, leaving the original untouched', () => {
    const order = placed();
    const accepted = applyOrderEvent(order, 'accepted', T0 + 500);
    expect(accepted.status).toBe('new');
    expect(accepted.updatedAt).toBe(T0 + 500);
    expect(accepted.createdAt).toBe(T0);
    expect(order.status).toBe('pending_new');
    expect(order.updatedAt).toBe(T0);
  });

  it('records the status before a cancel request and restores it when the cancel is rejected', () => {
    const partly = applyAll(placed(), ['accepted', 'partial_fill']);
    const pending = applyOrderEvent(partly, 'cancel_requested', T0 + 10_000);
    expect(pending.status).toBe('pending_cancel');
    expect(pending.previousStatus).toBe('partially_filled');

    const back = applyOrderEvent(pending, 'cancel_rejected', T0 + 11_000, 'order is not cancelable');
    expect(back.status).toBe('partially_filled');
    expect('previousStatus' in back).toBe(false);
    expect(back.reason).toBe('order is not cancelable');
  });

  it('a rejected cancel of a new order goes back to new', () => {
    const back = applyAll(placed(), ['accepted', 'cancel_requested', 'cancel_rejected']);
    expect(back.status).toBe('new');
    expect(back.previousStatus).toBeUndefined();
  });

  it('records the status before a replace request and restores it when the replace is rejected', () => {
    const pending = applyAll(placed(), ['accepted', 'replace_requested']);
    expect(pending).toMatchObject({ status: 'pending_replace', previousStatus: 'new' });
    const back = applyOrderEvent(pending, 'replace_rejected', T0 + 60_000);
    expect(back.status).toBe('new');
    expect('previousStatus' in back).toBe(false);
  });

  it('a partial fill while a cancel is pending keeps the order pending but changes where a refusal leads', () => {
    const pending = applyAll(placed(), ['accepted', 'cancel_requested']);
    const partly = applyOrderEvent(pending, 'partial_fill', T0 + 9_000);
    expect(partly).not.toBe(pending);
    expect(partly).toMatchObject({ status: 'pending_cancel', previousStatus: 'partially_filled', updatedAt: T0 + 9_000 });
    expect(applyOrderEvent(partly, 'cancel_rejected', T0 + 10_000).status).toBe('partially_filled');
  });

  it('a fill while a cancel is pending ends filled and forgets the pending request', () => {
    const filled = applyAll(placed(), ['accepted', 'cancel_requested', 'fill']);
    expect(filled.status).toBe('filled');
    expect('previousStatus' in filled).toBe(false);
  });

  it('a cancel confirmed before a late fill still ends filled', () => {
    const order = applyAll(placed(), ['accepted', 'cancel_requested', 'canceled', 'fill']);
    expect(order.status).toBe('filled');
  });

  it('repeated news returns the very same order, even when it carries a reason', () => {
    const accepted = applyAll(placed(), ['accepted']);
    expect(applyOrderEvent(accepted, 'accepted', T0 + 99_000)).toBe(accepted);
    expect(applyOrderEvent(accepted, 'accepted', T0 + 99_000, 'new')).toBe(accepted);

    const pending = applyOrderEvent(accepted, 'cancel_requested', T0 + 5_000);
    expect(applyOrderEvent(pending, 'cancel_requested', T0 + 6_000)).toBe(pending);
  });

  it('records the reason for a change of status but not for repeated news', () => {
    const canceled = applyOrderEvent(applyAll(placed(), ['accepted']), 'canceled', T0 + 5_000, 'canceled by trader');
    expect(canceled.reason).toBe('canceled by trader');
    const again = applyOrderEvent(canceled, 'canceled', T0 + 6_000, 'duplicate confirmation');
    expect(again).toBe(canceled);
    expect(again.reason).toBe('canceled by trader');
  });

  it('news that only moves the remembered status records no reason', () => {
    const pending = applyAll(placed(), ['accepted', 'cancel_requested']);
    const partly = applyOrderEvent(pending, 'partial_fill', T0 + 9_000, 'partially filled');
    expect(partly.previousStatus).toBe('partially_filled');
    expect(partly.reason).toBeUndefined();
  });

  it('refuses an impossible move with a typed error and leaves the order as it was', () => {
    const filled = applyAll(placed(), ['accepted', 'fill']);
    expect(() => applyOrderEvent(filled, 'cancel_requested', T0 + 10_000)).toThrow(InvalidTransitionError);
    try {
      applyOrderEvent(filled, 'replaced', T0 + 10_000);
      expect.unreachable('replaced on a filled order must throw');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidTransitionError);
      expect((error as InvalidTransitionError).from).toBe('filled');
      expect((error as InvalidTransitionError).event).toBe('replaced');
    }
    expect(filled.status).toBe('filled');
  });

  it('a terminal order shrugs off late news without regressing', () => {
    const filled = applyAll(placed(), ['accepted', 'fill']);
    for (const event of ['accepted', 'partial_fill', 'fill', 'canceled', 'expired', 'cancel_rejected'] as const) {
      expect(applyOrderEvent(filled, event, T0 + 50_000), event).toBe(filled);
    }
  });
});

describe('isOrderWorking()', () => {
  it('is true until the order reaches a terminal status', () => {
    const order = placed();
    expect(isOrderWorking(order)).toBe(true);
    expect(isOrderWorking(applyAll(order, ['accepted', 'partial_fill', 'cancel_requested']))).toBe(true);
    expect(isOrderWorking(applyAll(order, ['accepted', 'canceled']))).toBe(false);
    expect(isOrderWorking(applyAll(order, ['rejected']))).toBe(false);
    expect(isOrderWorking(applyAll(order, ['fill']))).toBe(false);
  });
});

describe('remainingQty()', () => {
  it('is the ordered quantity less what has filled', () => {
    const order: Order = { ...placed(), filledQty: dec('3.5') };
    expect(remainingQty(order)?.toString()).toBe('6.5');
    expect(remainingQty(placed())?.toString()).toBe('10');
  });

  it('is unknown for an order sized in dollars', () => {
    const order = placed({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', notional: dec('500') });
    expect(remainingQty(order)).toBeUndefined();
  });
});
