import { describe, expect, it } from 'vitest';
import { fromTradeUpdate, toTradeUpdate } from '../../../src/broker/alpaca/wire-updates.js';
import { FILLED_MARKET } from './fixtures.js';

/** Alpaca's documented fill frame (alpaca.md §2.3). */
const FILL = {
  stream: 'trade_updates',
  data: {
    event: 'fill',
    execution_id: '2f63ea93-423d-4169-b3f6-3fdafc10c418',
    order: FILLED_MARKET,
    position_qty: '0',
    price: '105.8988475',
    qty: '1790.86',
    timestamp: '2022-04-19T17:45:05.024916716Z',
  },
};

describe('toTradeUpdate', () => {
  it('reads a fill, execution figures exact and the timestamp as sent', () => {
    const read = toTradeUpdate(FILL);
    if (read.kind !== 'update') throw new Error('expected an update');
    const { update } = read;
    expect(update.event).toBe('fill');
    expect(update.executionId).toBe('2f63ea93-423d-4169-b3f6-3fdafc10c418');
    expect(update.timestamp).toBe('2022-04-19T17:45:05.024916716Z');
    expect([update.price?.toString(), update.qty?.toString(), update.positionQty?.toString()]).toEqual(['105.8988475', '1790.86', '0']);
    expect(update.order.id).toBe(FILLED_MARKET.id);
  });

  it('reads the SDK’s listener argument: data alone, timestamp a Date', () => {
    const read = toTradeUpdate({ ...FILL.data, timestamp: new Date(Date.UTC(2026, 0, 2, 15, 0, 0, 123)) });
    expect(read.kind === 'update' && read.update.timestamp).toBe('2026-01-02T15:00:00.123Z');
  });

  it('reads a held leg with no execution and no timestamp', () => {
    const read = toTradeUpdate({ stream: 'trade_updates', data: { event: 'held', order: { ...FILLED_MARKET, status: 'held' } } });
    if (read.kind !== 'update') throw new Error('expected an update');
    expect(read.update).toMatchObject({ event: 'held', timestamp: FILLED_MARKET.updated_at });
    expect(read.update.executionId).toBeUndefined();
  });

  it('takes `id` when a frame carries it instead of execution_id', () => {
    const { execution_id: _e, ...rest } = FILL.data;
    const read = toTradeUpdate({ stream: 'trade_updates', data: { ...rest, id: 'exec-7' } });
    expect(read.kind === 'update' && read.update.executionId).toBe('exec-7');
  });

  it.each(['accepted', 'pending_review', 'accepted_for_bidding', 'trade_bust'])('returns %s as unknown rather than throwing', (event) => {
    expect(toTradeUpdate({ stream: 'trade_updates', data: { event, order: { id: 'o-1' } } })).toEqual({ kind: 'unknown', event, orderId: 'o-1' });
  });

  it.each([
    ['another stream', { stream: 'listening', data: {} }, 'trade update: "stream" is "listening", expected "trade_updates"'],
    ['no event', { stream: 'trade_updates', data: { order: FILLED_MARKET } }, 'trade update: missing "event"'],
    ['a bad price', { ...FILL, data: { ...FILL.data, price: 'NaN' } }, 'trade update fill: "price" should be a decimal string'],
    ['no order', { stream: 'trade_updates', data: { event: 'new' } }, 'Alpaca order: expected a JSON object, got undefined'],
  ])('refuses %s', (_name, message, error) => {
    expect(() => toTradeUpdate(message)).toThrow(error);
  });
});

describe('fromTradeUpdate', () => {
  it('writes back the frame it read', () => {
    const read = toTradeUpdate(FILL);
    if (read.kind !== 'update') throw new Error('expected an update');
    const written = fromTradeUpdate(read.update);
    expect(written.data).toMatchObject({ event: 'fill', execution_id: FILL.data.execution_id, price: '105.8988475', qty: '1790.86', position_qty: '0', timestamp: FILL.data.timestamp });
    expect(toTradeUpdate(JSON.parse(JSON.stringify(written)))).toEqual(read);
  });
});
