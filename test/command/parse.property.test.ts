import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { TIMES_IN_FORCE } from '../../src/domain/order-types.js';
import { describeInput } from '../../src/command/describe-input.js';
import { parse } from '../../src/command/parse.js';
import { formatPreview } from '../../src/command/preview.js';
import { plain } from './helpers.js';

// Words the grammar knows plus near misses, so generated lines reach deep into the parsers.
const WORDS = [
  'buy', 'sell', 'BUY', 'cancel', 'replace', 'flatten', 'watch', 'unwatch', 'help', '?', 'quit', 'exit',
  'halt', 'strategy', '@', 'stop', 'trail', 'qty', 'tp', 'sl', 'all', 'day', 'gtc', 'ioc', 'fok', 'opg',
  'cls', 'limit', 'AAPL', 'brk.b', 'TOOLONG', '#12', '#0', '#', '#x', '#01JX4', 'blt-01jx', 'blt-',
  'constructor', '__proto__', 'toString', '$500', '$0', '$', '$-1', '10', '-5', '0', '1.5%', '100%', '%', '187.12345', '1,000', '.5', '5.', 'abc',
];

const line = fc
  .array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 6 }), fc.stringMatching(/^-?\d{1,3}(\.\d{0,12})?%?$/)), {
    maxLength: 8,
  })
  .map((words) => words.join(' '));

const quotes = (symbol: string) =>
  symbol.length % 2 === 0 ? { bid: dec('10.01'), ask: dec('10.03'), last: dec('10.02') } : undefined;

describe('parse properties', () => {
  it('never throws, on any text, and always answers ok or a one-line error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), line), (text) => {
        const result = parse(text);
        if (!result.ok) {
          expect(result.error.length).toBeGreaterThan(0);
          expect(result.error).not.toMatch(/[\r\n]/);
        }
        const description = describeInput(text, quotes);
        if (description.kind !== 'empty') expect(description.text).not.toMatch(/[\r\n]/);
      }),
      { numRuns: 3000 },
    );
  });

  it('places only orders with exactly one of a positive quantity or a positive notional', () => {
    fc.assert(
      fc.property(line, (text) => {
        const result = parse(text);
        if (!result.ok || result.intent.kind !== 'place') return;
        const { qty, notional } = result.intent.spec;
        expect((qty === undefined) !== (notional === undefined)).toBe(true);
        expect((qty ?? notional)?.gt(0)).toBe(true);
        expect(formatPreview(result.intent, quotes)).toMatch(/^(BUY|SELL) /);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads back every well-formed order it is given', () => {
    const positive = (places: number) =>
      fc
        .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 10 ** places - 1 }))
        .filter(([whole, frac]) => whole > 0 || frac > 0)
        .map(([whole, frac]) => `${whole}.${String(frac).padStart(places, '0')}`);
    const order = fc.record({
      side: fc.constantFrom('buy', 'sell'),
      qty: positive(9),
      symbol: fc.stringMatching(/^[A-Z]{1,5}(\.[A-Z])?$/),
      limit: fc.option(positive(4), { nil: undefined }),
      stop: fc.option(positive(4), { nil: undefined }),
      tif: fc.option(fc.constantFrom(...TIMES_IN_FORCE), { nil: undefined }),
      upper: fc.boolean(),
    });
    fc.assert(
      fc.property(order, (o) => {
        const words = [o.side, o.qty, o.symbol.toLowerCase()];
        if (o.stop !== undefined) words.push('stop', o.stop);
        if (o.limit !== undefined) words.push('@', o.limit);
        if (o.tif !== undefined) words.push(o.tif);
        const text = words.join(' ');
        const result = parse(o.upper ? text.toUpperCase() : text);
        expect(result.ok).toBe(true);
        if (!result.ok || result.intent.kind !== 'place') return;
        const spec = plain(result.intent.spec);
        expect(spec).toEqual({
          symbol: o.symbol,
          side: o.side,
          type: o.stop !== undefined ? (o.limit !== undefined ? 'stop_limit' : 'stop') : o.limit !== undefined ? 'limit' : 'market',
          timeInForce: o.tif ?? 'day',
          qty: dec(o.qty).toString(),
          ...(o.limit === undefined ? {} : { limitPrice: dec(o.limit).toString() }),
          ...(o.stop === undefined ? {} : { stopPrice: dec(o.stop).toString() }),
        });
      }),
      { numRuns: 1000 },
    );
  });
});
