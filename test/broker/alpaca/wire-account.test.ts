import { describe, expect, it } from 'vitest';
import { fromBrokerAccount, fromBrokerPosition, fromMarketClock, toBrokerAccount, toBrokerPosition, toMarketClock } from '../../../src/broker/alpaca/wire-account.js';

/** A real paper short position (Alpaca-API#86). */
const SHORT = {
  symbol: 'SLM', side: 'short', market_value: '-22078.98', unrealized_pl: '-1362.9', asset_class: 'us_equity',
  avg_entry_price: '8.36', cost_basis: '-20716.08', qty: '-2478', exchange: 'NASDAQ', current_price: '8.91',
};

describe('positions', () => {
  it('reads a short as a negative qty whether Alpaca signs it or not', () => {
    expect(toBrokerPosition(SHORT).qty.toString()).toBe('-2478');
    expect(toBrokerPosition({ ...SHORT, qty: '2478' }).qty.toString()).toBe('-2478');
    expect(toBrokerPosition({ ...SHORT, side: 'long', qty: '10' }).qty.toString()).toBe('10');
  });

  it('writes a short the way Alpaca does and reads it back', () => {
    const position = toBrokerPosition(SHORT);
    expect(fromBrokerPosition(position)).toEqual({
      symbol: 'SLM', qty: '-2478', side: 'short', avg_entry_price: '8.36', current_price: '8.91', market_value: '-22078.98', unrealized_pl: '-1362.9',
    });
    expect(toBrokerPosition(fromBrokerPosition(position))).toEqual(position);
  });

  it('refuses an unknown side', () => {
    expect(() => toBrokerPosition({ ...SHORT, side: 'flat' })).toThrow('Alpaca position SLM: "side" is "flat", expected long or short');
  });
});

describe('account', () => {
  it('reads the money fields without the retired PDT ones', () => {
    const account = toBrokerAccount({ id: 'a', status: 'ACTIVE', currency: 'USD', cash: '100000', equity: '100250.5', buying_power: '200000', last_equity: '100000', portfolio_value: '100250.5' });
    expect([account.cash, account.equity, account.buyingPower, account.lastEquity].map(String)).toEqual(['100000', '100250.5', '200000', '100000']);
    expect(toBrokerAccount(fromBrokerAccount(account))).toEqual(account);
  });

  it('names a missing field', () => {
    expect(() => toBrokerAccount({ currency: 'USD', cash: '1', equity: '1', last_equity: '1' })).toThrow('Alpaca account: missing "buying_power"');
  });
});

describe('clock', () => {
  it('keeps Alpaca’s times with their offsets', () => {
    const json = { timestamp: '2022-04-28T14:07:04.451420928-04:00', is_open: true, next_open: '2022-04-29T09:30:00-04:00', next_close: '2022-04-28T16:00:00-04:00' };
    const clock = toMarketClock(json);
    expect(clock).toEqual({ timestamp: json.timestamp, isOpen: true, nextOpen: json.next_open, nextClose: json.next_close });
    expect(fromMarketClock(clock)).toEqual(json);
  });

  it('refuses is_open as text', () => {
    expect(() => toMarketClock({ timestamp: 't', is_open: 'true' })).toThrow('Alpaca clock: "is_open" should be true or false, got "true"');
  });
});
