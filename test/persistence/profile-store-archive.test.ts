import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { createClientOrderIdFactory } from '../../src/domain/client-order-id.js';
import { dec } from '../../src/domain/decimal.js';
import type { Fill } from '../../src/domain/fill.js';
import type { OrderStatus } from '../../src/domain/order-state.js';
import type { Side } from '../../src/domain/order-types.js';
import { newOrder, type Order } from '../../src/domain/order.js';
import { SourcePositions, type SourceBooksSnapshot } from '../../src/domain/source-positions.js';
import { openArchive, type Archive } from '../../src/persistence/archive.js';
import { openProfileStore, type ProfileStore } from '../../src/persistence/profile-store.js';
import { errorSink, useTempDir } from './helpers.js';

const tempDir = useTempDir();
const T0 = Date.UTC(2026, 10, 2, 15);
const HOUR = 3_600_000;
const newId = createClientOrderIdFactory(() => T0);

function open(path: string): Promise<ProfileStore> {
  return openProfileStore({ path, onError: errorSink().onError, clock: new ManualClock(T0) });
}

/** What a restart after a crash finds: the file as last saved, the store never closed. */
async function afterCrash(store: ProfileStore, file: string): Promise<ProfileStore> {
  await store.flush();
  const left = `${file}.after-crash.json`;
  copyFileSync(file, left);
  return open(left);
}

function order(seq: number, source: string, symbol: string, status: OrderStatus, updatedAt: number): Order {
  const clientOrderId = source === 'external' ? `web-order-${seq}` : newId(source);
  const placed = newOrder({ symbol, side: 'buy', type: 'market', timeInForce: 'day', qty: dec(1) }, clientOrderId, seq, T0, { source });
  return { ...placed, status, updatedAt };
}

let executions = 0;

function fillOf(o: Order, side: Side, qty: string, price: string, at: number, commission = '0'): Fill {
  executions += 1;
  return { executionId: `x${executions}`, clientOrderId: o.clientOrderId, orderSeq: o.seq, symbol: o.symbol, side, qty: dec(qty), price: dec(price), commission: dec(commission), at };
}

/** Every figure as its exact decimal text, so equal books compare equal whatever the order of their keys. */
function exactly(books: SourceBooksSnapshot): unknown {
  return Object.fromEntries(
    Object.entries(books).map(([source, book]) => [
      source,
      {
        commission: book.commission.toFixed(),
        positions: Object.fromEntries(
          Object.entries(book.positions).map(([symbol, p]) => [symbol, [p.qty.toFixed(), p.avgCost.toFixed(), p.realizedPnl.toFixed(), p.costBasis?.toFixed()]]),
        ),
      },
    ]),
  );
}

/** The books a restart rebuilds from the profile: what was brought forward, then the live fills. */
function restored(store: ProfileStore): SourcePositions {
  const { brought, fills } = store.load();
  return SourcePositions.restore(brought?.sources, fills);
}

async function record(store: ProfileStore, orders: readonly Order[], fills: readonly Fill[]): Promise<void> {
  for (const o of orders) store.upsertOrder(o);
  for (const f of fills) store.addFill(f);
  await store.flush();
}

describe("archiving keeps each source's books", () => {
  it('a strategy’s position, average cost, realized P&L and commission survive its fills moving to the archive and a crash', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file);
    store.setBrought({ cash: dec(100_000), positions: {} });
    const buy = order(1, 'sma1', 'AAPL', 'filled', T0 - 100 * HOUR);
    const sell = order(2, 'sma1', 'AAPL', 'filled', T0 - 90 * HOUR);
    const manual = order(3, 'manual', 'MSFT', 'filled', T0 - 80 * HOUR);
    const recent = order(4, 'sma1', 'AAPL', 'filled', T0 - HOUR);
    const fills = [
      fillOf(buy, 'buy', '10', '100', T0 - 100 * HOUR, '1'),
      fillOf(sell, 'sell', '4', '110', T0 - 90 * HOUR, '1'),
      fillOf(manual, 'buy', '5', '400.5', T0 - 80 * HOUR),
      fillOf(recent, 'buy', '2', '120', T0 - HOUR, '0.0035'),
    ];
    await record(store, [buy, sell, manual, recent], fills);

    const moved = await store.archiveBefore(T0 - 48 * HOUR, openArchive(join(tempDir(), 'archive')));
    expect(moved).toEqual({ orders: 3, fills: 3, adjustments: 0, strategies: 0 });
    const restarted = await afterCrash(store, file);
    const { brought } = restarted.load();
    expect(restarted.load().fills).toHaveLength(1);
    expect(brought?.sources?.['sma1']?.positions['AAPL']?.qty.toFixed()).toBe('6');
    expect(brought?.sources?.['sma1']?.positions['AAPL']?.realizedPnl.toFixed()).toBe('40');
    expect(brought?.sources?.['sma1']?.commission.toFixed()).toBe('2');

    const books = restored(restarted);
    expect(exactly(books.snapshot())).toEqual(exactly(SourcePositions.fromFills(fills).snapshot()));
    expect(books.position('sma1', 'AAPL').qty.toFixed()).toBe('8');
    // 4 × 10 made, 2.0035 paid in commission.
    expect(books.realized('sma1').toFixed()).toBe('37.9965');
    expect(books.position('manual', 'MSFT').avgCost.toFixed()).toBe('400.5');
    await restarted.close();
    await store.close();
  });

  it('a partly filled order still working holds back the later finished fills of its source and symbol, which would change its average cost', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file);
    store.setBrought({ cash: dec(100_000), positions: {} });
    const working = order(1, 'sma1', 'AAPL', 'partially_filled', T0 - 100 * HOUR);
    const add = order(2, 'sma1', 'AAPL', 'filled', T0 - 99 * HOUR);
    const trim = order(3, 'sma1', 'AAPL', 'filled', T0 - 98 * HOUR);
    const otherSymbol = order(4, 'sma1', 'MSFT', 'filled', T0 - 97 * HOUR);
    const otherSource = order(5, 'manual', 'AAPL', 'filled', T0 - 96 * HOUR);
    const fills = [
      fillOf(working, 'buy', '10', '100', T0 - 100 * HOUR),
      fillOf(add, 'buy', '10', '200', T0 - 99 * HOUR),
      fillOf(trim, 'sell', '10', '150', T0 - 98 * HOUR),
      fillOf(otherSymbol, 'buy', '1', '400', T0 - 97 * HOUR),
      fillOf(otherSource, 'buy', '3', '151', T0 - 96 * HOUR),
    ];
    await record(store, [working, add, trim, otherSymbol, otherSource], fills);
    const archive = openArchive(join(tempDir(), 'archive'));

    expect(await store.archiveBefore(T0 - 48 * HOUR, archive)).toEqual({ orders: 2, fills: 2, adjustments: 0, strategies: 0 });
    expect(store.load().fills.map((f) => f.orderSeq)).toEqual([1, 2, 3]);
    const books = restored(store);
    // Long 20 at 150 then sold 10 at 150: nothing realized, 10 left at 150.
    expect(books.position('sma1', 'AAPL').avgCost.toFixed()).toBe('150');
    expect(books.realized('sma1').toFixed()).toBe('0');
    expect(exactly(books.snapshot())).toEqual(exactly(SourcePositions.fromFills(fills).snapshot()));

    await record(store, [{ ...working, status: 'canceled', updatedAt: T0 - 60 * HOUR }], []);
    expect(await store.archiveBefore(T0 - 48 * HOUR, archive)).toEqual({ orders: 3, fills: 3, adjustments: 0, strategies: 0 });
    expect(store.load().fills).toEqual([]);
    expect(exactly(restored(store).snapshot())).toEqual(exactly(SourcePositions.fromFills(fills).snapshot()));
    await store.close();
  });

  it('a profile from before sources were brought forward reads as none, and starts keeping them at the next archiving', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file);
    store.setBrought({ cash: dec(100_000), positions: { AAPL: dec(3) } });
    const old = order(1, 'brk2', 'AAPL', 'filled', T0 - 100 * HOUR);
    await record(store, [old], [fillOf(old, 'sell', '2', '99', T0 - 100 * HOUR)]);
    expect(store.load().brought).toEqual({ cash: dec(100_000), positions: { AAPL: dec(3) } });

    await store.archiveBefore(T0 - 48 * HOUR, openArchive(join(tempDir(), 'archive')));
    expect(store.load().brought?.positions['AAPL']?.toFixed()).toBe('1');
    expect(restored(store).position('brk2', 'AAPL').qty.toFixed()).toBe('-2');
    await store.close();
  });

  it('whatever the fills and however often archived, the books rebuilt after a restart equal the books of every fill ever booked', async () => {
    let run = 0;
    const draw = fc.record({
      orders: fc.array(
        fc.record({ source: fc.constantFrom('sma1', 'brk2', 'manual', 'external'), symbol: fc.constantFrom('AAPL', 'MSFT'), finishes: fc.boolean() }),
        { minLength: 1, maxLength: 8 },
      ),
      fills: fc.array(
        fc.record({
          order: fc.nat(),
          side: fc.constantFrom<Side>('buy', 'sell'),
          qtyHundredths: fc.integer({ min: 1, max: 2_000 }),
          priceCents: fc.integer({ min: 1, max: 30_000 }),
          commissionMils: fc.integer({ min: 0, max: 500 }),
        }),
        { maxLength: 30 },
      ),
      firstPart: fc.nat(),
      cuts: fc.tuple(fc.nat(), fc.nat()),
    });
    await fc.assert(
      fc.asyncProperty(draw, async ({ orders: drawn, fills: drawnFills, firstPart, cuts }) => {
        run += 1;
        const dir = join(tempDir(), `run-${run}`);
        const file = join(dir, 'sim.json');
        const archive: Archive = openArchive(join(dir, 'archive'));
        const at = (i: number): number => T0 + i * HOUR;
        const placed = drawn.map((d, i) => order(i + 1, d.source, d.symbol, 'new', at(0)));
        const fills = drawnFills.map((d, i) => {
          const o = placed[d.order % placed.length]!;
          return fillOf(o, d.side, dec(d.qtyHundredths).div(100).toFixed(), dec(d.priceCents).div(100).toFixed(), at(i), dec(d.commissionMils).div(1000).toFixed());
        });
        /** Each order as it stands once the first `n` fills are booked: finished after its last fill if it finishes at all. */
        const ordersAfter = (n: number): Order[] =>
          placed.map((o, i) => {
            const own = fills.map((f, j) => (f.clientOrderId === o.clientOrderId ? j : -1)).filter((j) => j >= 0);
            const last = own.at(-1) ?? 0;
            const done = drawn[i]!.finishes && last < n;
            const status: OrderStatus = done ? (own.length > 0 ? 'filled' : 'canceled') : own.some((j) => j < n) ? 'partially_filled' : 'new';
            return { ...o, status, updatedAt: at(last) + 1 };
          });
        const split = firstPart % (fills.length + 1);
        const [early, late] = [cuts[0] % (fills.length + 2), cuts[1] % (fills.length + 2)].sort((a, b) => a - b) as [number, number];

        const store = await open(file);
        store.setBrought({ cash: dec(100_000), positions: {} });
        await record(store, ordersAfter(split), fills.slice(0, split));
        await store.archiveBefore(at(early), archive);
        await record(store, ordersAfter(fills.length), fills.slice(split));
        await store.archiveBefore(at(late), archive);

        const restarted = await afterCrash(store, file);
        const live = restarted.load().fills;
        expect(exactly(restored(restarted).snapshot())).toEqual(exactly(SourcePositions.fromFills(fills).snapshot()));
        // The live fills are still in the order they were booked.
        const position = new Map(fills.map((f, i) => [f.executionId, i]));
        const booked = live.map((f) => position.get(f.executionId)!);
        expect(booked).toEqual([...booked].sort((a, b) => a - b));
        await restarted.close();
        await store.close();
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
