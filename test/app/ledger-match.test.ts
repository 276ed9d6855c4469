import { describe, expect, it } from 'vitest';
import { compareWithLedger } from '../../src/app/ledger-match.js';
import { dec, ZERO } from '../../src/domain/decimal.js';
import { applyOrderEvent, newOrder } from '../../src/domain/order.js';
import type { BrokerOrder } from '../../src/broker/port.js';

const T0 = Date.UTC(2026, 11, 1, 15);
const spec = { symbol: 'AAPL', side: 'buy' as const, type: 'limit' as const, timeInForce: 'gtc' as const, qty: dec(5), limitPrice: dec(1) };

function canceledHere(id: string, at: number) {
  return applyOrderEvent(applyOrderEvent(newOrder(spec, id, 1, at), 'accepted', at), 'canceled', at);
}

function canceledThere(id: string, at: number): BrokerOrder {
  const iso = new Date(at).toISOString();
  return { ...spec, id: `x-${id}`, clientOrderId: id, orderClass: 'simple', status: 'canceled', filledQty: ZERO, createdAt: iso, updatedAt: iso, submittedAt: iso };
}

const portfolio = { cash: dec(100), positions: {} };
const ledger = (orders: BrokerOrder[]) => ({ orders, fills: [], cash: dec(100), positions: {} });

describe('comparing with the exchange when either side has archived', () => {
  it('leaves out an order finished before the archive horizon that only one side still holds', () => {
    const old = canceledHere('blt-old', T0);
    const result = compareWithLedger({ orders: [old], fills: [], portfolio }, ledger([]), T0 + 1);
    expect(result.matches).toEqual({ orders: true, fills: true, positions: true, cash: true });
  });

  it('still finds a recent order that only one side knows', () => {
    const recent = canceledHere('blt-new', T0);
    const result = compareWithLedger({ orders: [recent], fills: [], portfolio }, ledger([canceledThere('blt-other', T0)]), T0 - 1);
    expect(result.matches.orders).toBe(false);
    expect(result.differences).toEqual([
      '#1: canceled here, unknown to the exchange',
      'exchange order x-blt-other (blt-other, canceled) unknown here',
    ]);
  });
});
