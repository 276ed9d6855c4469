import { describe, expect, it } from 'vitest';
import { errorOf, intentOf } from './helpers.js';

/** Alpaca's rules for fractional shares and dollar amounts (research/alpaca-behaviours.md §2.9). */
describe('parse: fractional shares and dollar amounts', () => {
  it('reads them as simple day orders: shares at market or a limit, dollars at market', () => {
    expect(intentOf('buy 0.5 AAPL')).toMatchObject({ spec: { qty: '0.5', type: 'market', timeInForce: 'day' } });
    expect(intentOf('sell 0.123456789 AAPL @ 187 day')).toMatchObject({ spec: { qty: '0.123456789', type: 'limit' } });
    expect(intentOf('buy $1 AAPL ttl 30s')).toMatchObject({ spec: { notional: '1' }, options: { ttlMs: 30_000 } });
  });

  it('refuses more than 9 decimal places of shares and more than cents of dollars', () => {
    expect(errorOf('buy 0.1234567891 AAPL')).toBe('quantity 0.1234567891 has more than 9 decimals, e.g. buy 10 AAPL');
    expect(errorOf('buy $10.005 AAPL')).toBe('dollar amount $10.005 has more than 2 decimals, e.g. buy $500 AAPL');
  });

  it('refuses a dollar amount under $1, to buy or to sell', () => {
    expect(errorOf('buy $0.99 AAPL')).toBe('a dollar amount must be at least $1.00, e.g. buy $500 AAPL');
    expect(errorOf('sell $0.50 AAPL')).toBe('a dollar amount must be at least $1.00, e.g. sell $500 AAPL');
  });

  it('refuses fractional shares in a stop, stop-limit or trailing stop', () => {
    expect(errorOf('buy 0.5 AAPL stop 190')).toBe(
      'fractional shares (0.5) trade only at market or with a limit (@); use whole shares for a stop, e.g. buy 0.5 AAPL @ 187',
    );
    expect(errorOf('sell 1.5 AAPL stop 180 @ 179')).toContain('use whole shares for a stop limit');
    expect(errorOf('sell 1.5 AAPL trail 2%')).toContain('use whole shares for a trailing stop');
  });

  it('refuses any time in force but day', () => {
    expect(errorOf('buy 0.5 AAPL @ 187 gtc')).toBe('fractional shares (0.5) trade only as a day order; drop gtc, e.g. buy 0.5 AAPL @ 187');
    expect(errorOf('buy $500 AAPL ioc')).toBe('a dollar amount trades only as a day order; drop ioc, e.g. buy $500 AAPL');
  });

  it('refuses a take-profit or stop-loss, which are GTC orders', () => {
    expect(errorOf('buy 0.5 AAPL @ 187 tp 195')).toBe(
      'fractional shares (0.5) trade only without tp or sl, which are GTC orders; use whole shares for those, e.g. buy 10 AAPL @ 187 tp 195 sl 182',
    );
    expect(errorOf('sell $500 AAPL sl 200')).toBe(
      'a dollar amount trades only without tp or sl, which are GTC orders; use whole shares for those, e.g. sell 10 AAPL @ 187 tp 180 sl 192',
    );
  });

  it('counts trailing zeros as whole shares', () => {
    expect(intentOf('buy 10.000 AAPL stop 190 gtc tp 200')).toMatchObject({ spec: { qty: '10', type: 'stop' } });
  });
});
