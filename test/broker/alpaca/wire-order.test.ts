import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBrokerOrder, toBrokerOrder } from '../../../src/broker/alpaca/wire-order.js';
import { ORDER_CLASSES, type BrokerOrder } from '../../../src/broker/port.js';
import { dec } from '../../../src/domain/decimal.js';
import { ORDER_TYPES, SIDES, TIMES_IN_FORCE } from '../../../src/domain/order-types.js';
import { BRACKET, FILLED_MARKET } from './fixtures.js';

describe('toBrokerOrder', () => {
  it('reads a real paper fill: empty order_class is simple, decimals exact', () => {
    const order = toBrokerOrder(FILLED_MARKET);
    expect(order).toMatchObject({
      id: FILLED_MARKET.id,
      clientOrderId: FILLED_MARKET.client_order_id,
      symbol: 'AAPL',
      side: 'buy',
      type: 'market',
      timeInForce: 'day',
      orderClass: 'simple',
      status: 'filled',
      submittedAt: '2021-03-16T18:38:01.937734Z',
      filledAt: '2021-03-16T18:38:02.104553Z',
    });
    expect(order.qty?.toString()).toBe('1790.86');
    expect(order.filledAvgPrice?.toString()).toBe('105.8988475');
    expect(order.legs).toBeUndefined();
    expect(order.limitPrice).toBeUndefined();
    expect('canceledAt' in order).toBe(false);
  });

  it('reads nested legs, each its own order', () => {
    const order = toBrokerOrder(BRACKET);
    expect(order.orderClass).toBe('bracket');
    expect(order.legs?.map((l) => [l.id, l.type, l.status, l.stopPrice?.toString(), l.limitPrice?.toString()])).toEqual([
      ['b1-tp', 'limit', 'new', undefined, '160'],
      ['b1-sl', 'stop_limit', 'held', '140', '139'],
    ]);
    expect(order.legs?.[1]?.legs).toBeUndefined();
  });

  it('takes the older order_type when type is missing, and no order_class as simple', () => {
    const { type: _type, order_class: _class, ...older } = { ...FILLED_MARKET, order_type: 'limit', limit_price: '99.5' };
    const order = toBrokerOrder(older);
    expect(order.type).toBe('limit');
    expect(order.orderClass).toBe('simple');
  });

  it('keeps replace links, trailing fields and a status it does not know', () => {
    const order = toBrokerOrder({
      ...FILLED_MARKET,
      type: 'trailing_stop',
      side: 'sell',
      trail_percent: '2.5',
      hwm: '181.03',
      status: 'accepted_for_bidding',
      replaces: 'old-id',
      replaced_by: 'new-id',
      replaced_at: '2021-03-16T18:39:00Z',
    });
    expect(order.status).toBe('accepted_for_bidding');
    expect(order.trailPercent?.toString()).toBe('2.5');
    expect(order.hwm?.toString()).toBe('181.03');
    expect([order.replaces, order.replacedBy, order.replacedAt]).toEqual(['old-id', 'new-id', '2021-03-16T18:39:00Z']);
  });

  it('reads the SDK’s Date objects back as ISO strings', () => {
    const order = toBrokerOrder({ ...FILLED_MARKET, canceled_at: new Date(Date.UTC(2026, 0, 5, 15)) });
    expect(order.canceledAt).toBe('2026-01-05T15:00:00.000Z');
  });

  it.each([
    ['a missing id', { ...FILLED_MARKET, id: undefined }, 'Alpaca order: missing "id"'],
    ['a non-numeric qty', { ...FILLED_MARKET, qty: 'ten' }, `Alpaca order ${FILLED_MARKET.id}: "qty" should be a decimal string like "10.5", got "ten"`],
    ['a float qty', { ...FILLED_MARKET, qty: 0.1 }, '"qty" should be a decimal string like "10.5", got number 0.1'],
    ['an unknown side', { ...FILLED_MARKET, side: 'short' }, '"side" is "short", expected one of buy, sell'],
    ['an options order class', { ...FILLED_MARKET, order_class: 'mleg' }, '"order_class" is "mleg", expected one of simple, bracket, oco, oto'],
    ['legs that are not a list', { ...BRACKET, legs: 'x' }, 'Alpaca order b1: "legs" should be an array or null'],
    ['a leg with legs', { ...BRACKET, legs: [{ ...BRACKET, id: 'inner' }] }, 'Alpaca order b1 leg 1 inner: a leg should not have legs of its own'],
    ['a bad leg', { ...BRACKET, legs: [{ ...FILLED_MARKET, filled_qty: undefined }] }, `Alpaca order b1 leg 1 ${FILLED_MARKET.id}: missing "filled_qty"`],
    ['not an object', 'oops', 'Alpaca order: expected a JSON object, got "oops"'],
  ])('refuses %s with a line naming the field', (_name, json, message) => {
    expect(() => toBrokerOrder(json)).toThrow(message);
  });
});

describe('fromBrokerOrder', () => {
  it('writes both type spellings, decimals as strings and absent fields as null', () => {
    const json = fromBrokerOrder(toBrokerOrder(BRACKET));
    expect(json).toMatchObject({ type: 'limit', order_type: 'limit', order_class: 'bracket', limit_price: '150.5', qty: '10', notional: null, filled_at: BRACKET.filled_at });
    expect(json.legs?.[1]).toMatchObject({ id: 'b1-sl', stop_price: '140', limit_price: '139', legs: null, status: 'held' });
  });

  const decimalText = fc.tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 9 })).map(([digits, places]) =>
    dec(digits).div(dec(10n ** BigInt(places))),
  );
  const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const iso = fc.integer({ min: 0, max: 4_000_000_000_000 }).map((ms) => new Date(ms).toISOString());
  const base = fc.record(
    {
      id: fc.uuid(),
      clientOrderId: fc.string({ minLength: 1, maxLength: 48 }),
      symbol: fc.constantFrom('AAPL', 'MSFT', 'BRK.B'),
      side: fc.constantFrom(...SIDES),
      type: fc.constantFrom(...ORDER_TYPES),
      timeInForce: fc.constantFrom(...TIMES_IN_FORCE),
      orderClass: fc.constantFrom(...ORDER_CLASSES),
      status: fc.constantFrom('new', 'filled', 'held', 'canceled', 'partially_filled' as const),
      filledQty: decimalText,
      createdAt: iso,
      updatedAt: iso,
      submittedAt: iso,
      qty: optional(decimalText),
      notional: optional(decimalText),
      limitPrice: optional(decimalText),
      stopPrice: optional(decimalText),
      trailPercent: optional(decimalText),
      trailPrice: optional(decimalText),
      hwm: optional(decimalText),
      filledAvgPrice: optional(decimalText),
      commission: optional(decimalText),
      filledAt: optional(iso),
      canceledAt: optional(iso),
      expiredAt: optional(iso),
      failedAt: optional(iso),
      replacedAt: optional(iso),
      replacedBy: optional(fc.uuid()),
      replaces: optional(fc.uuid()),
      reason: optional(fc.string({ minLength: 1 })),
    },
    { requiredKeys: ['id', 'clientOrderId', 'symbol', 'side', 'type', 'timeInForce', 'orderClass', 'status', 'filledQty', 'createdAt', 'updatedAt', 'submittedAt'] },
  );
  const order: fc.Arbitrary<BrokerOrder> = fc
    .tuple(base, fc.array(base, { maxLength: 2 }))
    .map(([parent, legs]) => strip({ ...parent, ...(legs.length > 0 && { legs: legs.map(strip) }) }));

  it('round-trips every order through the wire unchanged', () => {
    fc.assert(
      fc.property(order, (o) => {
        const back = toBrokerOrder(JSON.parse(JSON.stringify(fromBrokerOrder(o))));
        expect(fromBrokerOrder(back)).toEqual(fromBrokerOrder(o));
        expect(Object.keys(back).sort()).toEqual(Object.keys(o).sort());
      }),
    );
  });
});

/** fc.record with optional keys may still write `key: undefined`; BrokerOrders leave such keys out. */
function strip<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
