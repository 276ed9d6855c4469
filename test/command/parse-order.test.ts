import { describe, expect, it } from 'vitest';
import { errorOf, intentOf } from './helpers.js';

const place = (spec: Record<string, string>, options: Record<string, string | number> = {}) => ({
  kind: 'place',
  spec: { timeInForce: 'day', ...spec },
  options,
});

const UNKNOWN_WORD_TAIL =
  'after the symbol come @ PRICE, stop PRICE, trail N|N%, a time in force (day gtc ioc fok opg cls), ttl 30s, tp PRICE, sl PRICE or partial keep|cancel, e.g. buy 10 AAPL @ 187 gtc';

describe('parse: buy and sell', () => {
  it('reads a market order, day by default', () => {
    expect(intentOf('buy 10 AAPL')).toEqual(place({ symbol: 'AAPL', side: 'buy', type: 'market', qty: '10' }));
  });

  it('reads a limit order with a time in force', () => {
    expect(intentOf('sell 5 MSFT @ 412.50 gtc')).toEqual(
      place({ symbol: 'MSFT', side: 'sell', type: 'limit', qty: '5', limitPrice: '412.5', timeInForce: 'gtc' }),
    );
  });

  it('accepts the price glued to @, and @ glued to the symbol', () => {
    const expected = place({ symbol: 'AAPL', side: 'buy', type: 'limit', qty: '10', limitPrice: '187' });
    expect(intentOf('buy 10 AAPL @187')).toEqual(expected);
    expect(intentOf('buy 10 AAPL@187')).toEqual(expected);
    expect(intentOf('  buy   10\tAAPL  @  187  ')).toEqual(expected);
  });

  it('is case-insensitive in verbs, words and symbols', () => {
    expect(intentOf('BUY 10 aapl @ 187 GTC')).toEqual(intentOf('buy 10 AAPL @ 187 gtc'));
    expect(intentOf('Sell 10 Aapl Stop 190')).toEqual(
      place({ symbol: 'AAPL', side: 'sell', type: 'stop', qty: '10', stopPrice: '190' }),
    );
    expect(intentOf('SELL 10 aapl TRAIL 1.5% IOC')).toEqual(
      place({ symbol: 'AAPL', side: 'sell', type: 'trailing_stop', qty: '10', trailPercent: '1.5', timeInForce: 'ioc' }),
    );
  });

  it.each(['day', 'gtc', 'ioc', 'fok', 'opg', 'cls'])('reads time in force %s', (tif) => {
    expect(intentOf(`buy 1 AAPL ${tif}`)).toEqual(
      place({ symbol: 'AAPL', side: 'buy', type: 'market', qty: '1', timeInForce: tif }),
    );
  });

  it('reads a stop and a stop-limit, in either order', () => {
    expect(intentOf('buy 10 AAPL stop 190')).toEqual(
      place({ symbol: 'AAPL', side: 'buy', type: 'stop', qty: '10', stopPrice: '190' }),
    );
    const stopLimit = place({
      symbol: 'AAPL',
      side: 'buy',
      type: 'stop_limit',
      qty: '10',
      stopPrice: '190',
      limitPrice: '190.5',
      timeInForce: 'gtc',
    });
    expect(intentOf('buy 10 AAPL stop 190 @ 190.5 gtc')).toEqual(stopLimit);
    expect(intentOf('buy 10 AAPL gtc @ 190.5 stop 190')).toEqual(stopLimit);
  });

  it('reads trailing stops by percent and by price', () => {
    expect(intentOf('sell 10 AAPL trail 1.5%')).toEqual(
      place({ symbol: 'AAPL', side: 'sell', type: 'trailing_stop', qty: '10', trailPercent: '1.5' }),
    );
    expect(intentOf('sell 10 AAPL trail 2.5 gtc')).toEqual(
      place({ symbol: 'AAPL', side: 'sell', type: 'trailing_stop', qty: '10', trailPrice: '2.5', timeInForce: 'gtc' }),
    );
  });

  it('reads a notional order as a market order', () => {
    expect(intentOf('buy $500 AAPL')).toEqual(place({ symbol: 'AAPL', side: 'buy', type: 'market', notional: '500' }));
    expect(intentOf('sell $1,250.75 aapl day')).toEqual(
      place({ symbol: 'AAPL', side: 'sell', type: 'market', notional: '1250.75' }),
    );
  });

  it('reads fractional quantities, grouped thousands and class symbols exactly', () => {
    expect(intentOf('buy 0.123456789 brk.b @ 0.0001')).toEqual(
      place({ symbol: 'BRK.B', side: 'buy', type: 'limit', qty: '0.123456789', limitPrice: '0.0001' }),
    );
    expect(intentOf('buy 1,000 F')).toEqual(place({ symbol: 'F', side: 'buy', type: 'market', qty: '1000' }));
  });
});

describe('parse: order errors', () => {
  it.each([
    ['buy -5 AAPL', 'quantity must be a positive number, e.g. buy 10 AAPL'],
    ['sell -5 msft', 'quantity must be a positive number, e.g. sell 10 MSFT'],
    ['buy -5 123', 'quantity must be a positive number, e.g. buy 10 AAPL'],
    ['buy 0 AAPL', 'quantity must be a positive number, e.g. buy 10 AAPL'],
    ['buy 10', 'missing symbol after 10, e.g. buy 10 AAPL'],
    ['buy', 'missing quantity and symbol, e.g. buy 10 AAPL'],
    ['sell ten MSFT', "'ten' is not a quantity; write a number, e.g. sell 10 MSFT"],
    ['buy 10 AAPL @ abc', "'abc' is not a price; write a number, e.g. buy 10 AAPL @ 187.50"],
    ['buy 10 AAPL @ -3', 'price must be a positive number, e.g. buy 10 AAPL @ 187.50'],
    ['buy 10 AAPL @ 0', 'price must be a positive number, e.g. buy 10 AAPL @ 187.50'],
    ['buy 10 AAPL @', 'missing price after @, e.g. buy 10 AAPL @ 187.50'],
    ['buy 10 AAPL stop', 'missing price after stop, e.g. buy 10 AAPL stop 190'],
    ['buy 10 AAPL stop x', "'x' is not a stop price; write a number, e.g. buy 10 AAPL stop 190"],
    ['buy 10 AAPL @ 187 xyz', `unknown word 'xyz'; ${UNKNOWN_WORD_TAIL}`],
    ['buy 10 123', "'123' is not a symbol; use 1–5 letters with an optional class like BRK.B, e.g. buy 10 AAPL"],
    ['buy 10 TOOLONG', "'TOOLONG' is not a symbol; use 1–5 letters with an optional class like BRK.B, e.g. buy 10 AAPL"],
    ['buy AAPL 10', 'the quantity comes before the symbol, e.g. buy 10 AAPL'],
    ['buy $0 AAPL', 'dollar amount must be a positive number, e.g. buy $500 AAPL'],
    ['buy $ AAPL', 'missing amount after $, e.g. buy $500 AAPL'],
    ['buy $abc AAPL', "'$abc' is not a dollar amount; write a number, e.g. buy $500 AAPL"],
    ['buy $10.005 AAPL', 'dollar amount $10.005 has more than 2 decimals, e.g. buy $500 AAPL'],
    [
      'buy $500 AAPL @ 187',
      'a dollar-amount order is a market order; drop the price or give shares, e.g. buy 10 AAPL @ 187',
    ],
    [
      'sell $500 AAPL trail 1%',
      'a dollar-amount order is a market order; drop the price or give shares, e.g. sell 10 AAPL @ 187',
    ],
    ['sell 10 AAPL trail', 'missing trail amount, a percent or a price offset, e.g. sell 10 AAPL trail 1.5%'],
    ['sell 10 AAPL trail %', "'%' is not a trail percent; write a number, e.g. sell 10 AAPL trail 1.5%"],
    ['sell 10 AAPL trail 100%', 'trail percent must be below 100%, e.g. sell 10 AAPL trail 1.5%'],
    // A price offset is refused off the tick, as the exchange would; a percent may have 4 decimals.
    ['sell 10 AAPL trail 2.505', 'trail amount 2.505 is off the tick: prices go in steps of 0.01 at or above $1, e.g. 2.50 or 2.51'],
    [
      'sell 10 AAPL trail 1% @ 180',
      'a trailing stop takes no @ or stop price; use trail alone, e.g. sell 10 AAPL trail 1.5%',
    ],
    ['buy 1.0000000001 AAPL', 'quantity 1.0000000001 has more than 9 decimals, e.g. buy 10 AAPL'],
    ['buy 10 AAPL @ 187.12345', 'price 187.12345 is off the tick: prices go in steps of 0.01 at or above $1, e.g. 187.12 or 187.13'],
    ['buy 10 AAPL @ 187.125', 'price 187.125 is off the tick: prices go in steps of 0.01 at or above $1, e.g. 187.12 or 187.13'],
    ['buy 10 AAPL stop 1.001', 'stop price 1.001 is off the tick: prices go in steps of 0.01 at or above $1, e.g. 1.00 or 1.01'],
    ['buy 10 F @ 0.12345', 'price 0.12345 is off the tick: prices go in steps of 0.0001 below $1, e.g. 0.1234 or 0.1235'],
    ['buy 10 F @ 0.99999', 'price 0.99999 is off the tick: prices go in steps of 0.0001 below $1, e.g. 0.9999 or 1.00'],
    ['buy 10 F @ 0.00001', 'price 0.00001 is off the tick: prices go in steps of 0.0001 below $1, e.g. 0.0001'],
    ['buy 10 AAPL @ 187 @ 188', '@ price given twice; keep one, e.g. buy 10 AAPL @ 187.50'],
    ['buy 10 AAPL day gtc', 'time in force given twice (day and gtc); keep one, e.g. buy 10 AAPL gtc'],
    ['buy 10 AAPL 187', "'187' needs a word before it: @ 187 for a limit or stop 187 for a stop, e.g. buy 10 AAPL @ 187"],
    ['buy 10 AAPL limit 187', 'write a limit price with @, e.g. buy 10 AAPL @ 187'],
    ['buy 10 AAPL toString', `unknown word 'toString'; ${UNKNOWN_WORD_TAIL}`],
    ['buy 10 AAPL constructor 5', `unknown word 'constructor'; ${UNKNOWN_WORD_TAIL}`],
  ])('%s', (text, error) => {
    expect(errorOf(text)).toBe(error);
  });

  it('keeps trailing zeros from counting as decimals', () => {
    expect(intentOf('buy 1.50000000000 AAPL @ 187.000000')).toMatchObject({ spec: { qty: '1.5', limitPrice: '187' } });
  });
});

describe('parse: place options', () => {
  const limit = { symbol: 'AAPL', side: 'buy', type: 'limit', qty: '10', limitPrice: '187' };

  it('places with empty options when none are typed', () => {
    expect(intentOf('buy 10 AAPL @ 187')).toEqual(place(limit, {}));
  });

  it.each([
    ['30s', 30_000],
    ['1.0m', 60_000],
    ['1s', 1_000],
    ['30S', 30_000],
    ['2m', 120_000],
    ['90m', 5_400_000],
    ['1H', 3_600_000],
    ['24h', 86_400_000],
    ['86400s', 86_400_000],
    ['1440m', 86_400_000],
    ['007s', 7_000],
  ])('reads ttl %s as %i ms', (ttl, ms) => {
    expect(intentOf(`buy 10 AAPL @ 187 ttl ${ttl}`)).toEqual(place(limit, { ttlMs: ms }));
  });

  it('reads a take-profit and a stop-loss, together or alone', () => {
    expect(intentOf('buy 10 AAPL @ 187 tp 195 sl 182')).toEqual(place(limit, { takeProfit: '195', stopLoss: '182' }));
    expect(intentOf('buy 10 AAPL @ 187 tp 195.13')).toEqual(place(limit, { takeProfit: '195.13' }));
    expect(intentOf('buy 10 AAPL @ 187 SL 182')).toEqual(place(limit, { stopLoss: '182' }));
  });

  it('reads a sell (short entry) with its target below and its stop above', () => {
    expect(intentOf('sell 10 AAPL @ 187 tp 180 sl 192')).toEqual(
      place({ ...limit, side: 'sell' }, { takeProfit: '180', stopLoss: '192' }),
    );
  });

  it('measures a stop entry from its stop price and a stop-limit entry from its limit price', () => {
    expect(intentOf('buy 10 AAPL stop 190 tp 200 sl 185')).toEqual(
      place({ symbol: 'AAPL', side: 'buy', type: 'stop', qty: '10', stopPrice: '190' }, { takeProfit: '200', stopLoss: '185' }),
    );
    expect(intentOf('buy 10 AAPL stop 190 @ 192 tp 193')).toMatchObject({ options: { takeProfit: '193' } });
    expect(errorOf('buy 10 AAPL stop 190 @ 192 tp 191')).toBe(
      'take-profit 191 must be above the entry price 192 for a buy, e.g. buy 10 AAPL @ 187 tp 195 sl 182',
    );
  });

  it('allows protection on orders without a price, checking target and stop against each other only', () => {
    expect(intentOf('buy 10 AAPL tp 195 sl 182')).toEqual(
      place({ symbol: 'AAPL', side: 'buy', type: 'market', qty: '10' }, { takeProfit: '195', stopLoss: '182' }),
    );
    expect(intentOf('sell 10 AAPL trail 1.5% tp 170 sl 200')).toEqual(
      place(
        { symbol: 'AAPL', side: 'sell', type: 'trailing_stop', qty: '10', trailPercent: '1.5' },
        { takeProfit: '170', stopLoss: '200' },
      ),
    );
  });

  it('reads the partial-fill policy', () => {
    expect(intentOf('buy 10 AAPL @ 187 partial cancel')).toEqual(place(limit, { onPartial: 'cancel' }));
    expect(intentOf('buy 10 AAPL @ 187 PARTIAL Keep')).toEqual(place(limit, { onPartial: 'keep' }));
  });

  it('reads every modifier in any order', () => {
    const expected = place(
      { ...limit, timeInForce: 'gtc' },
      { ttlMs: 120_000, takeProfit: '195', stopLoss: '182', onPartial: 'cancel' },
    );
    expect(intentOf('buy 10 AAPL @ 187 gtc ttl 2m tp 195 sl 182 partial cancel')).toEqual(expected);
    expect(intentOf('buy 10 AAPL partial cancel sl 182 gtc ttl 2m tp 195 @187')).toEqual(expected);
    expect(intentOf('BUY 10 aapl PARTIAL CANCEL SL 182 GTC TTL 2M TP 195 @ 187')).toEqual(expected);
  });
});

describe('parse: place option errors', () => {
  const TTL = 'e.g. buy 10 AAPL ttl 30s';
  const BUY = 'e.g. buy 10 AAPL @ 187 tp 195 sl 182';
  const SELL = 'e.g. sell 10 AAPL @ 187 tp 180 sl 192';
  it.each([
    ['buy 10 AAPL @ 187 ttl', `missing timeout after ttl, ${TTL}`],
    ['buy 10 AAPL @ 187 ttl 0', `timeout must be at least 1s, ${TTL}`],
    ['buy 10 AAPL @ 187 ttl 0s', `timeout must be at least 1s, ${TTL}`],
    ['buy 10 AAPL @ 187 ttl -5s', `timeout must be at least 1s, ${TTL}`],
    ['buy 10 AAPL @ 187 ttl abc', `'abc' is not a timeout; write seconds, minutes or hours like 30s, 2m or 1h, ${TTL}`],
    ['buy 10 AAPL @ 187 ttl s', `'s' is not a timeout; write seconds, minutes or hours like 30s, 2m or 1h, ${TTL}`],
    ['buy 10 AAPL @ 187 ttl 1,000s', `'1,000s' is not a timeout; write seconds, minutes or hours like 30s, 2m or 1h, ${TTL}`],
    ['buy 10 AAPL @ 187 ttl 30x', `'30x' has an unknown unit 'x'; use s, m or h, ${TTL}`],
    ['buy 10 AAPL @ 187 ttl 500ms', `'500ms' is in milliseconds; a timeout is in s, m or h, ${TTL}`],
    ['buy 10 AAPL @ 187 ttl 90', `'90' needs a unit: write 90s, ${TTL}`],
    ['buy 10 AAPL @ 187 ttl constructor', `'constructor' is not a timeout; write seconds, minutes or hours like 30s, 2m or 1h, ${TTL}`],
    ['buy 10 AAPL @ 187 ttl 5constructor', `'5constructor' has an unknown unit 'constructor'; use s, m or h, ${TTL}`],
    ['buy 10 AAPL @ 187 ttl 1.5s', `timeout must be a whole number of seconds, minutes or hours (90s, not 1.5m), ${TTL}`],
    ['buy 10 AAPL @ 187 ttl 1.5m', `timeout must be a whole number of seconds, minutes or hours (90s, not 1.5m), ${TTL}`],
    ['buy 10 AAPL @ 187 ttl 25h', `timeout can be at most 24h, ${TTL}`],
    ['buy 10 AAPL @ 187 ttl 86401s', `timeout can be at most 24h, ${TTL}`],
    ['buy 10 AAPL @ 187 ttl 99999999999999999999999h', `timeout can be at most 24h, ${TTL}`],
    ['buy 10 AAPL @ 187 ttl 5s ttl 6s', `ttl given twice; keep one, ${TTL}`],
    ['buy 10 AAPL @ 187 tp', `missing take-profit price after tp, ${BUY}`],
    ['buy 10 AAPL @ 187 sl', `missing stop-loss price after sl, ${BUY}`],
    ['buy 10 AAPL @ 187 sl abc', `'abc' is not a stop-loss price; write a number, ${BUY}`],
    ['buy 10 AAPL @ 187 tp -195', `take-profit price must be a positive number, ${BUY}`],
    ['buy 10 AAPL @ 187 tp 195.12345', 'take-profit price 195.12345 is off the tick: prices go in steps of 0.01 at or above $1, e.g. 195.12 or 195.13'],
    ['sell 10 AAPL @ 187 sl 192.125', 'stop-loss price 192.125 is off the tick: prices go in steps of 0.01 at or above $1, e.g. 192.12 or 192.13'],
    ['sell 10 AAPL @ 187 sl x', `'x' is not a stop-loss price; write a number, ${SELL}`],
    ['buy 10 AAPL @ 187 tp 195 tp 196', `tp given twice; keep one, ${BUY}`],
    ['buy 10 AAPL @ 187 sl 182 sl 181', `sl given twice; keep one, ${BUY}`],
    ['buy 10 AAPL @ 187 tp 180', `take-profit 180 must be above the entry price 187 for a buy, ${BUY}`],
    ['buy 10 AAPL @ 187 tp 187', `take-profit 187 must be above the entry price 187 for a buy, ${BUY}`],
    ['buy 10 AAPL @ 187 sl 190', `stop-loss 190 must be below the entry price 187 for a buy, ${BUY}`],
    ['buy 10 AAPL stop 190 sl 190', `stop-loss 190 must be below the entry price 190 for a buy, ${BUY}`],
    ['sell 10 AAPL @ 187 sl 180', `stop-loss 180 must be above the entry price 187 for a sell, ${SELL}`],
    ['sell 10 AAPL @ 187 tp 190', `take-profit 190 must be below the entry price 187 for a sell, ${SELL}`],
    ['buy 10 AAPL tp 180 sl 190', `take-profit 180 must be above the stop-loss 190 for a buy, ${BUY}`],
    ['sell $500 AAPL tp 195 sl 182', `take-profit 195 must be below the stop-loss 182 for a sell, ${SELL}`],
    ['sell 10 AAPL trail 1% tp 180 sl 180', `take-profit 180 must be below the stop-loss 180 for a sell, ${SELL}`],
    [
      'buy 10 AAPL partial',
      'missing policy after partial: keep (the rest keeps working) or cancel (the rest is cancelled), e.g. buy 10 AAPL partial cancel',
    ],
    [
      'buy 10 AAPL @ 187 partial maybe',
      "'maybe' is not a partial-fill policy; write partial keep or partial cancel, e.g. buy 10 AAPL partial cancel",
    ],
    [
      'buy 10 AAPL partial constructor',
      "'constructor' is not a partial-fill policy; write partial keep or partial cancel, e.g. buy 10 AAPL partial cancel",
    ],
    ['buy 10 AAPL partial keep partial cancel', 'partial given twice; keep one, e.g. buy 10 AAPL partial cancel'],
  ])('%s', (text, error) => {
    expect(errorOf(text)).toBe(error);
  });

  it('names the order typed in its examples', () => {
    expect(errorOf('sell 3 msft @ 412.5 sl 400')).toBe(
      'stop-loss 400 must be above the entry price 412.5 for a sell, e.g. sell 3 MSFT @ 187 tp 180 sl 192',
    );
    expect(errorOf('buy $500 MSFT ttl 0')).toBe('timeout must be at least 1s, e.g. buy 10 MSFT ttl 30s');
  });

  it('still refuses a priced dollar-amount order before looking at its protection', () => {
    expect(errorOf('buy $500 AAPL @ 187 tp 180')).toBe(
      'a dollar-amount order is a market order; drop the price or give shares, e.g. buy 10 AAPL @ 187',
    );
  });
});
