import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import {
  changePercent,
  formatAge,
  formatCount,
  formatMarketTime,
  formatMillis,
  formatClockTime,
  formatPrice,
  orderAvgFillText,
  orderFillText,
  orderPriceText,
  orderSizeText,
  orderStatusLabel,
  orderTimeoutText,
  orderTypeLabel,
  windowedTitle,
} from '../../components/format.js';
import { at, order, quote } from './fixtures.js';

describe('time', () => {
  it('prints local wall-clock time', () => {
    expect(formatClockTime(at(9, 5, 7))).toBe('09:05:07');
    expect(formatClockTime(at(23, 59, 59) + 999)).toBe('23:59:59');
  });

  it('prints when the market next opens or closes, with the weekday when it is not the same day', () => {
    const today = at(10, 0, 0);
    expect(formatMarketTime(new Date(at(16, 0, 0)).toISOString(), today)).toBe('16:00');
    const monday = new Date(at(9, 30, 0));
    monday.setDate(monday.getDate() + ((8 - monday.getDay()) % 7 || 7));
    expect(formatMarketTime(monday.toISOString(), today)).toBe('Mon 09:30');
    expect(formatMarketTime('not a time', today)).toBeUndefined();
  });

  it('prints latencies with two figures below 10 ms and whole units above', () => {
    expect(formatMillis(0.8412)).toBe('0.84ms');
    expect(formatMillis(18.4)).toBe('18ms');
    expect(formatMillis(1234)).toBe('1.2s');
    expect(formatMillis(45_000)).toBe('45s');
    expect(formatMillis(Number.NaN)).toBe('—');
    expect(formatCount(1204)).toBe('1,204');
  });

  it('prints ages short', () => {
    expect(formatAge(0)).toBe('0s');
    expect(formatAge(58_900)).toBe('58s');
    expect(formatAge(185_000)).toBe('3m05s');
    expect(formatAge(3_900_000)).toBe('1h05m');
    expect(formatAge(-5_000)).toBe('0s');
  });
});

describe('prices', () => {
  it('prints two places, up to four when the price carries them, grouped', () => {
    expect(formatPrice(dec('187'))).toBe('187.00');
    expect(formatPrice(dec('1412.5'))).toBe('1,412.50');
    expect(formatPrice(dec('0.1234'))).toBe('0.1234');
    expect(formatPrice(dec(1550).div(15))).toBe('103.3333');
  });

  it('gives the change of the last trade against the previous close, and none without both', () => {
    expect(changePercent(quote('AAPL', '187.42', '187.44', '187.42', '185.93'))?.toFixed(1)).toBe('0.8');
    expect(changePercent(quote('AAPL', '99', '99', '99'))).toBeUndefined();
    expect(changePercent(quote('AAPL', '1', '1', '1', '0'))).toBeUndefined();
    expect(changePercent(quote('AAPL', '187.42', '187.44', undefined, '185.93'))).toBeUndefined();
  });
});

describe('order text', () => {
  const t = at(10, 0, 0);

  it('abbreviates types and names statuses briefly', () => {
    expect(['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'].map((x) => orderTypeLabel(x as never))).toEqual([
      'MKT',
      'LMT',
      'STP',
      'STP LMT',
      'TRAIL',
    ]);
    expect(orderStatusLabel('partially_filled')).toBe('partial');
    expect(orderStatusLabel('pending_cancel')).toBe('canceling');
  });

  it('shows the price that defines each order type', () => {
    expect(orderPriceText(order({ seq: 1, createdAt: t }))).toBe('187.00');
    expect(orderPriceText(order({ seq: 1, createdAt: t, spec: { type: 'market', limitPrice: undefined } }))).toBe('');
    expect(orderPriceText(order({ seq: 1, createdAt: t, spec: { type: 'stop', stopPrice: dec('190') } }))).toBe('190.00');
    expect(
      orderPriceText(order({ seq: 1, createdAt: t, spec: { type: 'stop_limit', stopPrice: dec('190'), limitPrice: dec('190.5') } })),
    ).toBe('190.00/190.50');
    expect(orderPriceText(order({ seq: 1, createdAt: t, spec: { type: 'trailing_stop', trailPercent: dec('1.5') } }))).toBe('1.5%');
    expect(orderPriceText(order({ seq: 1, createdAt: t, spec: { type: 'trailing_stop', trailPrice: dec('2') } }))).toBe('$2.00');
  });

  it('shows size and fill in shares, or in dollars for a notional order', () => {
    const partial = order({ seq: 1, createdAt: t, filled: '4' });
    expect(orderSizeText(partial)).toBe('10');
    expect(orderFillText(partial)).toBe('4/10');
    const notional = order({ seq: 2, createdAt: t, spec: { type: 'market', qty: undefined, notional: dec(500) } });
    expect(orderSizeText(notional)).toBe('$500');
    expect(orderFillText(notional)).toBe('0/$500');
    expect(orderSizeText({ notional: dec('250.5') })).toBe('$250.50');
  });

  it('shows the average fill price once something has filled', () => {
    expect(orderAvgFillText(order({ seq: 1, createdAt: t }))).toBe('');
    expect(orderAvgFillText(order({ seq: 1, createdAt: t, filled: '4', fillPrice: '187.035' }))).toBe('@ 187.035');
  });

  it('counts down to the timeout, and says nothing for an order without one', () => {
    const timed = { ...order({ seq: 1, createdAt: t }), timeoutAt: t + 60_000 };
    expect(orderTimeoutText(timed, t + 2_000)).toBe('ttl 58s');
    expect(orderTimeoutText(timed, t + 75_000)).toBe('ttl 0s');
    expect(orderTimeoutText(order({ seq: 1, createdAt: t }), t)).toBe('');
  });
});

describe('log and titles', () => {
  it('says when a pane is windowed', () => {
    expect(windowedTitle('Orders (3 open)', 13, 500)).toBe('Orders (3 open) · 13 of 500');
    expect(windowedTitle('Log', 5, 5)).toBe('Log');
  });
});
