import { describe, expect, it } from 'vitest';
import {
  fromStreamQuote,
  fromStreamTrade,
  toLatestQuotes,
  toLatestTrades,
  toSnapshotQuotes,
} from '../../../src/broker/alpaca/wire-market.js';
import { AlpacaWireError } from '../../../src/broker/alpaca/wire-fields.js';

/** Parsed from Alpaca's text, as the adapter does: prices arrive as JavaScript numbers. */
const SNAPSHOTS = JSON.parse(`{
  "AAPL": {
    "latestTrade": {"t": "2026-01-05T15:30:01.123456789Z", "x": "V", "p": 187.43, "s": 100, "c": ["@"], "i": 52983525033527, "z": "C"},
    "latestQuote": {"t": "2026-01-05T15:30:02.5Z", "ax": "V", "ap": 187.44, "as": 3, "bx": "V", "bp": 187.42, "bs": 2, "c": ["R"], "z": "C"},
    "minuteBar": {"t": "2026-01-05T15:29:00Z", "o": 187.3, "h": 187.5, "l": 187.2, "c": 187.4, "v": 1200, "n": 14, "vw": 187.38},
    "dailyBar": {"t": "2026-01-05T05:00:00Z", "o": 185.1, "h": 188, "l": 184.9, "c": 187.4, "v": 91000, "n": 1302, "vw": 186.6},
    "prevDailyBar": {"t": "2026-01-02T05:00:00Z", "o": 184, "h": 186.2, "l": 183.5, "c": 185.92, "v": 88000, "n": 1201, "vw": 185.1}
  },
  "ZVZZT": {
    "latestQuote": {"t": "2026-01-05T15:30:00Z", "ax": "V", "ap": 0, "as": 0, "bx": "V", "bp": 0, "bs": 0, "c": ["R"], "z": "C"}
  },
  "HALTED": {"latestTrade": {"t": "2026-01-05T15:00:00Z", "p": 9.99, "s": 1}}
}`);

describe('Alpaca market data on the wire', () => {
  it('reads a snapshot into a quote with the last trade and the previous close, exactly', () => {
    const [aapl, zvzzt, ...rest] = toSnapshotQuotes(SNAPSHOTS);
    expect(rest).toEqual([]);
    expect(aapl?.symbol).toBe('AAPL');
    expect([aapl?.bid, aapl?.ask, aapl?.bidSize, aapl?.askSize, aapl?.last, aapl?.prevClose].map(String)).toEqual([
      '187.42',
      '187.44',
      '2',
      '3',
      '187.43',
      '185.92',
    ]);
    expect(aapl?.timestamp).toBe('2026-01-05T15:30:02.5Z');
    // A withdrawn IEX quote reads 0 x 0; the quote is still the market's answer, with nothing else known.
    expect(zvzzt).toEqual(expect.objectContaining({ symbol: 'ZVZZT', timestamp: '2026-01-05T15:30:00Z' }));
    expect(zvzzt?.bid.isZero()).toBe(true);
    expect(zvzzt && 'last' in zvzzt).toBe(false);
    expect(zvzzt && 'prevClose' in zvzzt).toBe(false);
  });

  it('reads each number as the shortest decimal it prints as, exponent form included', () => {
    const [quote] = toLatestQuotes({ quotes: { AAPL: { t: 'T', ap: 0.3, as: 1, bp: 0.1 + 0.2, bs: 1 } } });
    expect(quote?.ask.toString()).toBe('0.3');
    // The sum is not the double nearest 0.3: what was parsed is what is kept, never rounded to look nicer.
    expect(quote?.bid.toString()).toBe('0.30000000000000004');
    const [tiny] = toLatestTrades({ trades: { PENNY: { t: 'T', p: 1e-7, s: 1 } } });
    expect(tiny?.price.toString()).toBe('0.0000001');
  });

  it('reads latest quotes and trades keyed by symbol', () => {
    const quotes = toLatestQuotes({ quotes: { MSFT: { t: '2026-01-05T15:30:00Z', ap: 412.16, as: 1, bp: 412.1, bs: 4, c: ['R'] } } });
    expect(quotes.map((q) => [q.symbol, q.bid.toString(), q.ask.toString(), q.bidSize.toString(), q.askSize.toString(), q.timestamp])).toEqual([
      ['MSFT', '412.1', '412.16', '4', '1', '2026-01-05T15:30:00Z'],
    ]);
    const trades = toLatestTrades({ trades: { MSFT: { t: '2026-01-05T15:30:00Z', p: 412.13, s: 25, i: 7 } } });
    expect(trades.map((t) => [t.symbol, t.price.toString(), t.size.toString(), t.timestamp])).toEqual([['MSFT', '412.13', '25', '2026-01-05T15:30:00Z']]);
    expect(toLatestQuotes({ quotes: {} })).toEqual([]);
  });

  it('reads the SDK stream quote and trade, keeping the nanosecond time when there is one', () => {
    const quote = fromStreamQuote({
      symbol: 'AAPL',
      bidPrice: 187.42,
      bidSize: 2,
      askPrice: 187.44,
      askSize: 3,
      timestamp: new Date('2026-01-05T15:30:02.123Z'),
      timestampRaw: '2026-01-05T15:30:02.123456789Z',
      conditions: ['R'],
    });
    expect([quote.symbol, quote.bid.toString(), quote.ask.toString(), quote.timestamp]).toEqual(['AAPL', '187.42', '187.44', '2026-01-05T15:30:02.123456789Z']);
    const trade = fromStreamTrade({ symbol: 'AAPL', id: 1, price: 187.43, size: 100, timestamp: new Date('2026-01-05T15:30:01.500Z') });
    expect([trade.price.toString(), trade.size.toString(), trade.timestamp]).toEqual(['187.43', '100', '2026-01-05T15:30:01.500Z']);
  });

  it('names the field of malformed data', () => {
    expect(() => toSnapshotQuotes({ AAPL: { latestQuote: { t: 'T', ap: '187.44', as: 1, bp: 1, bs: 1 } } })).toThrow(
      'Alpaca snapshot of AAPL: latestQuote: "ap" should be a number like 187.42, got "187.44"',
    );
    expect(() => toSnapshotQuotes({ AAPL: { latestQuote: { t: 'T', ap: 1, as: 1, bp: 1, bs: 1 }, prevDailyBar: { c: null, o: 1 }, latestTrade: { p: Infinity } } })).toThrow(
      /latestTrade: "p" should be a number like 187.42, got number Infinity/,
    );
    expect(() => toLatestQuotes({ quotes: { AAPL: { ap: 1, as: 1, bp: 1, bs: 1 } } })).toThrow('Alpaca latest quote of AAPL: missing "t"');
    expect(() => toLatestTrades({})).toThrow('Alpaca latest trades: trades: expected a JSON object, got undefined');
    expect(() => fromStreamTrade({ price: 1, size: 1, timestamp: new Date() })).toThrow(/"symbol"/);
    expect(() => fromStreamQuote({ symbol: 'AAPL', bidPrice: 1, bidSize: 1, askPrice: 1, askSize: 1, timestamp: new Date(NaN) })).toThrow(
      'Alpaca stream quote of AAPL: "timestamp" is an invalid date',
    );
    expect(() => toSnapshotQuotes([])).toThrow(AlpacaWireError);
  });
});
