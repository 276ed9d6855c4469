import { describe, expect, it } from 'vitest';
import { alpacaTimeframe, toBarsPage } from '../../../src/broker/alpaca/wire-bars.js';
import { AlpacaWireError } from '../../../src/broker/alpaca/wire-fields.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('Alpaca bars on the wire', () => {
  it('names the bar lengths Alpaca makes and none for those it does not', () => {
    const names = [MINUTE, 5 * MINUTE, 59 * MINUTE, HOUR, 2 * HOUR, 23 * HOUR, DAY].map(alpacaTimeframe);
    expect(names).toEqual(['1Min', '5Min', '59Min', '1Hour', '2Hour', '23Hour', '1Day']);
    for (const none of [SECOND, 5 * SECOND, 30 * SECOND, 90 * MINUTE, 2 * DAY, 0, -MINUTE]) expect(alpacaTimeframe(none)).toBeUndefined();
  });

  it('reads the asked symbol’s bars as floats, a daily bar stamped at New York midnight moved to its UTC day', () => {
    const json = JSON.parse(`{
      "bars": {
        "AAPL": [
          {"t": "2026-01-02T05:00:00Z", "o": 184, "h": 186.2, "l": 183.5, "c": 185.92, "v": 88000, "n": 1201, "vw": 185.1},
          {"t": "2026-01-05T05:00:00Z", "o": 185.1, "h": 188, "l": 184.9, "c": 187.4, "v": 91000, "n": 1302, "vw": 186.6}
        ],
        "MSFT": [{"t": "2026-01-05T05:00:00Z", "o": 1, "h": 1, "l": 1, "c": 1, "v": 1, "n": 1, "vw": 1}]
      },
      "next_page_token": "QUFQTCAxNzY3NTcxMjAwMDAw"
    }`);
    expect(toBarsPage(json, 'AAPL', DAY)).toEqual({
      bars: [
        { start: Date.UTC(2026, 0, 2), open: 184, high: 186.2, low: 183.5, close: 185.92, volume: 88000, trades: 1201 },
        { start: Date.UTC(2026, 0, 5), open: 185.1, high: 188, low: 184.9, close: 187.4, volume: 91000, trades: 1302 },
      ],
      nextPageToken: 'QUFQTCAxNzY3NTcxMjAwMDAw',
    });
    const minute = toBarsPage({ bars: { AAPL: [{ t: '2026-01-05T15:29:00Z', o: 1, h: 1, l: 1, c: 1, v: 0, n: 0 }] } }, 'AAPL', MINUTE);
    expect(minute.bars[0]?.start).toBe(Date.UTC(2026, 0, 5, 15, 29));
  });

  it('reads no bars from an empty answer, and says which field of a bad one is wrong', () => {
    expect(toBarsPage({ bars: {}, next_page_token: null }, 'AAPL', MINUTE)).toEqual({ bars: [] });
    expect(toBarsPage({ bars: null, next_page_token: null }, 'AAPL', MINUTE)).toEqual({ bars: [] });
    const bad = (): unknown => toBarsPage({ bars: { AAPL: [{ t: '2026-01-05T15:29:00Z', o: '1', h: 1, l: 1, c: 1, v: 0, n: 0 }] } }, 'AAPL', MINUTE);
    expect(bad).toThrow(AlpacaWireError);
    expect(bad).toThrow('Alpaca bar of AAPL: "o" should be a price like 187.42, got "1"');
    expect(() => toBarsPage({ bars: { AAPL: [{ t: 'yesterday', o: 1, h: 1, l: 1, c: 1, v: 0, n: 0 }] } }, 'AAPL', MINUTE)).toThrow(
      'Alpaca bar of AAPL: "t" should be an RFC 3339 time like "2026-01-05T15:30:00Z"',
    );
  });
});
