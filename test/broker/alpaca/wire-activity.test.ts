import { describe, expect, it } from 'vitest';
import { dec } from '../../../src/domain/decimal.js';
import { fromFillActivity, toFillActivity } from '../../../src/broker/alpaca/wire-activity.js';
import type { FillActivity } from '../../../src/broker/port.js';

/** A partial fill as Alpaca answers GET /v2/account/activities/FILL (docs example, order_status added). */
const PARTIAL = {
  id: '20190524113406977::8efc7b9a-8b2b-4000-9955-d36e7db0df74',
  activity_type: 'FILL',
  transaction_time: '2019-05-24T15:34:06.977Z',
  type: 'partial_fill',
  price: '1.63',
  qty: '4',
  side: 'buy',
  symbol: 'LPCN',
  leaves_qty: '6',
  order_id: '904837e3-3b76-47ec-b432-046db621571b',
  cum_qty: '4',
  order_status: 'partially_filled',
};

describe('Alpaca fill activities on the wire', () => {
  it('reads a fill with its decimals exact and the order’s running totals', () => {
    const fill = toFillActivity(PARTIAL);
    expect(fill).toMatchObject({ id: PARTIAL.id, orderId: PARTIAL.order_id, symbol: 'LPCN', side: 'buy', orderStatus: 'partially_filled' });
    expect([fill.qty, fill.price, fill.cumQty, fill.leavesQty].map(String)).toEqual(['4', '1.63', '4', '6']);
    expect(fill.transactionTime).toBe('2019-05-24T15:34:06.977Z');
    expect(fill.commission).toBeUndefined();
  });

  it('takes the order’s status from the fill’s type when an older answer leaves it out', () => {
    const { order_status: _dropped, ...older } = PARTIAL;
    expect(toFillActivity(older).orderStatus).toBe('partially_filled');
    expect(toFillActivity({ ...older, type: 'fill', leaves_qty: '0' }).orderStatus).toBe('filled');
  });

  it('names the field of a malformed fill', () => {
    expect(() => toFillActivity({ ...PARTIAL, price: 1.63 })).toThrow(/Alpaca fill activity 20190524113406977.*"price" should be a decimal string/);
    expect(() => toFillActivity({ ...PARTIAL, activity_type: 'DIV' })).toThrow(/"activity_type" is "DIV", expected one of FILL/);
    expect(() => toFillActivity({ ...PARTIAL, side: 'short' })).toThrow(/"side"/);
    expect(() => toFillActivity({ ...PARTIAL, order_id: null })).toThrow(/missing "order_id"/);
    expect(() => toFillActivity([PARTIAL])).toThrow(/Alpaca fill activity: expected a JSON object/);
  });

  it('reads back what the emulator writes, a commission only when there is one', () => {
    const fill: FillActivity = { ...toFillActivity(PARTIAL), orderStatus: 'filled', leavesQty: dec(0), cumQty: dec(10), commission: dec('0.25') };
    expect(toFillActivity(fromFillActivity(fill))).toEqual(fill);
    expect(fromFillActivity(fill).type).toBe('fill');
    expect(fromFillActivity({ ...fill, commission: dec(0) })).not.toHaveProperty('commission');
    expect(fromFillActivity(toFillActivity(PARTIAL))).toEqual(PARTIAL);
  });
});
