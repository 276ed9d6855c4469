import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { TIMES_IN_FORCE } from '../../src/domain/order-types.js';
import { describeInput } from '../../src/command/describe-input.js';
import { parse } from '../../src/command/parse.js';
import { formatDuration } from '../../src/kernel/duration.js';
import { formatPreview } from '../../src/command/preview.js';
import { plain } from './helpers.js';

// Words the grammar knows plus near misses, so generated lines reach deep into the parsers.
const WORDS = [
  'buy', 'sell', 'BUY', 'cancel', 'replace', 'flatten', 'watch', 'unwatch', 'help', '?', 'quit', 'exit',
  'halt', 'resume', 'metrics', 'strategy', '@', 'stop', 'trail', 'qty', 'tp', 'sl', 'ttl', 'partial', 'keep',
  '30s', '2m', '1h', '25h', '0s', '1.5m', '30x', '\u001b', 'all', 'day', 'gtc', 'ioc', 'fok', 'opg',
  'cls', 'limit', 'AAPL', 'brk.b', 'TOOLONG', '#12', '#0', '#', '#x', '#01JX4', 'blt-01jx', 'blt-',
  'strategies', 'start', 'pause', 'reduce', 'list', 'flatten', 'sma-cross', 'sma1', 'fast=5', 'fast=', '=5',
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

  it('places only orders with one positive size and options on the right sides of the entry', () => {
    fc.assert(
      fc.property(line, (text) => {
        const result = parse(text);
        if (!result.ok || result.intent.kind !== 'place') return;
        const { spec, options } = result.intent;
        const { qty, notional } = spec;
        expect((qty === undefined) !== (notional === undefined)).toBe(true);
        expect((qty ?? notional)?.gt(0)).toBe(true);
        const { ttlMs, takeProfit: tp, stopLoss: sl } = options;
        if (ttlMs !== undefined) {
          expect(Number.isInteger(ttlMs / 1000)).toBe(true);
          expect(ttlMs).toBeGreaterThanOrEqual(1_000);
          expect(ttlMs).toBeLessThanOrEqual(86_400_000);
        }
        const [low, high] = spec.side === 'buy' ? [sl, tp] : [tp, sl];
        const entry = spec.limitPrice ?? spec.stopPrice;
        if (low !== undefined && entry !== undefined) expect(low.lt(entry)).toBe(true);
        if (high !== undefined && entry !== undefined) expect(high.gt(entry)).toBe(true);
        if (low !== undefined && high !== undefined) expect(low.lt(high)).toBe(true);
        expect(formatPreview(result.intent, quotes)).toMatch(/^(BUY|SELL) /);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads back every well-formed order it is given, modifiers in any order', () => {
    const positive = (places: number) =>
      fc
        .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 10 ** places - 1 }))
        .filter(([whole, frac]) => whole > 0 || frac > 0)
        .map(([whole, frac]) => `${whole}.${String(frac).padStart(places, '0')}`);
    // Prices on the tick: cents from $1 up, hundredths of a cent below.
    const price = fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 99 })).map(([whole, cents]) => `${whole}.${String(cents).padStart(2, '0')}`),
      fc.integer({ min: 1, max: 9_999 }).map((n) => `0.${String(n).padStart(4, '0')}`),
    );
    // Three distinct prices, sorted: the protective prices go either side of the entry in the middle.
    const ladder = fc
      .uniqueArray(price, { minLength: 3, maxLength: 3, selector: (p) => dec(p).toString() })
      .map((prices) => [...prices].sort((a, b) => dec(a).comparedTo(dec(b))) as [string, string, string]);
    const ttl = fc.oneof(
      fc.record({ count: fc.integer({ min: 1, max: 86_400 }), unit: fc.constantFrom('s', 'S'), seconds: fc.constant(1) }),
      fc.record({ count: fc.integer({ min: 1, max: 1_440 }), unit: fc.constantFrom('m', 'M'), seconds: fc.constant(60) }),
      fc.record({ count: fc.integer({ min: 1, max: 24 }), unit: fc.constantFrom('h', 'H'), seconds: fc.constant(3_600) }),
    );
    const order = fc.record({
      side: fc.constantFrom('buy', 'sell'),
      size: fc.oneof(
        positive(9).map((qty) => ({ qty })),
        fc.integer({ min: 1, max: 99_999 }).map((qty) => ({ qty: String(qty) })),
        positive(2)
          .filter((notional) => dec(notional).gte(1))
          .map((notional) => ({ notional })),
      ),
      symbol: fc.stringMatching(/^[A-Z]{1,5}(\.[A-Z])?$/),
      type: fc.constantFrom('market', 'limit', 'stop', 'stop_limit'),
      ladder,
      otherStop: price,
      tif: fc.option(fc.constantFrom(...TIMES_IN_FORCE), { nil: undefined }),
      ttl: fc.option(ttl, { nil: undefined }),
      tp: fc.boolean(),
      sl: fc.boolean(),
      partial: fc.option(fc.constantFrom('keep', 'cancel'), { nil: undefined }),
      upper: fc.boolean(),
    });
    const typed = order
      // Fractional shares and dollar amounts trade only in simple day orders, dollars at market.
      .map((o) =>
        'qty' in o.size && dec(o.size.qty).isInteger()
          ? o
          : {
              ...o,
              type: 'qty' in o.size && o.type === 'limit' ? 'limit' : 'market',
              tif: o.tif === undefined ? undefined : ('day' as const),
              tp: false,
              sl: false,
            },
      )
      .chain((o) => {
        const [low, entry, high] = o.ladder;
        const [tp, sl] = o.side === 'buy' ? [high, low] : [low, high];
        const limit = o.type === 'limit' || o.type === 'stop_limit' ? entry : undefined;
        const stop = o.type === 'stop' ? entry : o.type === 'stop_limit' ? o.otherStop : undefined;
        const chunks: string[][] = [];
        if (stop !== undefined) chunks.push(['stop', stop]);
        if (limit !== undefined) chunks.push(['@', limit]);
        if (o.tif !== undefined) chunks.push([o.tif]);
        if (o.ttl !== undefined) chunks.push(['ttl', `${o.ttl.count}${o.ttl.unit}`]);
        if (o.tp) chunks.push(['tp', tp]);
        if (o.sl) chunks.push(['sl', sl]);
        if (o.partial !== undefined) chunks.push(['partial', o.partial]);
        return fc
          .shuffledSubarray(chunks, { minLength: chunks.length, maxLength: chunks.length })
          .map((shuffled) => ({ o, tp, sl, limit, stop, modifiers: shuffled.flat() }));
      });
    fc.assert(
      fc.property(typed, ({ o, tp, sl, limit, stop, modifiers }) => {
        const size = 'qty' in o.size ? o.size.qty : `$${o.size.notional}`;
        const text = [o.side, size, o.symbol.toLowerCase(), ...modifiers].join(' ');
        const result = parse(o.upper ? text.toUpperCase() : text);
        if (!result.ok) expect.fail(`'${text}' was refused: ${result.error}`);
        if (result.intent.kind !== 'place') return;
        const ttlMs = o.ttl === undefined ? undefined : o.ttl.count * o.ttl.seconds * 1000;
        const type = stop !== undefined ? (limit !== undefined ? 'stop_limit' : 'stop') : limit !== undefined ? 'limit' : 'market';
        expect(plain(result.intent)).toEqual({
          kind: 'place',
          spec: {
            symbol: o.symbol,
            side: o.side,
            type,
            timeInForce: o.tif ?? 'day',
            ...('qty' in o.size ? { qty: dec(o.size.qty).toString() } : { notional: dec(o.size.notional).toString() }),
            ...(limit === undefined ? {} : { limitPrice: dec(limit).toString() }),
            ...(stop === undefined ? {} : { stopPrice: dec(stop).toString() }),
          },
          options: {
            ...(ttlMs === undefined ? {} : { ttlMs }),
            ...(o.tp ? { takeProfit: dec(tp).toString() } : {}),
            ...(o.sl ? { stopLoss: dec(sl).toString() } : {}),
            ...(o.partial === undefined ? {} : { onPartial: o.partial }),
          },
        });
        const preview = formatPreview(result.intent, quotes);
        if (ttlMs !== undefined) expect(preview).toContain(`  ttl ${formatDuration(ttlMs)}`);
        if (o.partial !== undefined) expect(preview).toContain(`  partial ${o.partial}`);
      }),
      { numRuns: 1000 },
    );
  });
});
