import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { dec } from '../../src/domain/decimal.js';
import { applyOrderEvent } from '../../src/domain/order.js';
import { StoreCorruptError, StoreLockedError } from '../../src/persistence/errors.js';
import { LOG_LIMIT } from '../../src/kernel/log-entry.js';
import { openProfileStore, type ProfileStore } from '../../src/persistence/profile-store.js';
import { sampleLog, sampleOrders, samplePortfolio } from './fixtures/profile-data.js';
import { errorSink, useTempDir, type ErrorSink } from './helpers.js';

const tempDir = useTempDir();

function open(path: string, sink: ErrorSink = errorSink(), clock = new ManualClock()): Promise<ProfileStore> {
  return openProfileStore({ path, onError: sink.onError, clock });
}

function rawFile(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

describe('a full profile survives close and reopen', () => {
  it('returns every order, fill, position and log line exactly as stored', async () => {
    const file = join(tempDir(), 'sim.json');
    const sink = errorSink();
    const clock = new ManualClock(1_767_625_200_000);
    const store = await open(file, sink, clock);
    expect(store.existed).toBe(false);

    const built = sampleOrders();
    for (const { order } of built) store.upsertOrder(order);
    const fills = built.flatMap((b) => b.fills);
    for (const fill of fills) store.addFill(fill);
    store.setPortfolio(samplePortfolio());
    const log = sampleLog(7);
    for (const entry of log) store.appendLog(entry);
    store.setWatchlist(['AAPL', 'MSFT', 'BRK.B']);
    store.setNextSeq(12);
    await store.close();
    expect(sink.errors).toEqual([]);

    const reopened = await open(file);
    expect(reopened.existed).toBe(true);
    const loaded = reopened.load();
    expect(loaded.orders).toStrictEqual(built.map((b) => b.order));
    expect(loaded.fills).toStrictEqual(fills);
    expect(loaded.portfolio).toStrictEqual(samplePortfolio());
    expect(loaded.log).toStrictEqual(log);
    expect(loaded.watchlist).toEqual(['AAPL', 'MSFT', 'BRK.B']);
    expect(loaded.nextSeq).toBe(15);
    expect(loaded.createdAt).toBe(1_767_625_200_000);
    expect(loaded.orders.find((o) => o.seq === 10)?.qty?.toString()).toBe('0.000000001');
    await reopened.close();
  });

  it('a fresh profile loads empty, without a portfolio, and writes no file until something changes', async () => {
    const file = join(tempDir(), 'paper.json');
    const store = await open(file);
    const loaded = store.load();
    expect(loaded).toEqual({ orders: [], fills: [], adjustments: [], strategies: [], log: [], nextSeq: 1, watchlist: [], createdAt: expect.any(Number) });
    expect('portfolio' in loaded).toBe(false);
    await store.close();
    expect(existsSync(file)).toBe(false);
  });

  it('keeps money as strings in the file and leaves undefined fields out', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file);
    store.upsertOrder(sampleOrders()[0]!.order);
    store.setPortfolio(samplePortfolio());
    await store.flush();
    const raw = rawFile(file);
    expect(raw['schemaVersion']).toBe(2);
    const order = (raw['orders'] as Array<Record<string, unknown>>)[0]!;
    expect(order['limitPrice']).toBe('187.42');
    expect(order['qty']).toBe('10');
    expect('notional' in order).toBe(false);
    expect((raw['portfolio'] as { cash: unknown }).cash).toBe('98123.456789012345678901234567890123456789');
    await store.close();
  });

  it('opens a file from a build that kept command history in the profile, and drops that history on the next save', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file);
    const built = sampleOrders();
    for (const { order } of built) store.upsertOrder(order);
    await store.close();
    writeFileSync(file, JSON.stringify({ ...rawFile(file), commandHistory: ['buy 10 AAPL @ 187.42', 'cancel #3'] }));

    const reopened = await open(file);
    expect(reopened.load().orders).toStrictEqual(built.map((b) => b.order));
    expect('commandHistory' in reopened.load()).toBe(false);
    reopened.setWatchlist(['AAPL']);
    await reopened.close();
    const raw = rawFile(file);
    expect(raw['watchlist']).toEqual(['AAPL']);
    expect('commandHistory' in raw).toBe(false);
  });
});

describe('mutations', () => {
  it('upsert replaces the order with the same clientOrderId', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file);
    const order = sampleOrders()[1]!.order;
    store.upsertOrder(order);
    store.upsertOrder(sampleOrders()[0]!.order);
    const canceled = applyOrderEvent(order, 'canceled', order.updatedAt + 5, 'by trader');
    store.upsertOrder(canceled);
    expect(store.load().orders).toHaveLength(2);
    expect(store.load().orders[0]).toStrictEqual(canceled);
    await store.close();

    const reopened = await open(file);
    reopened.upsertOrder({ ...canceled, reason: 'changed after reopen' });
    expect(reopened.load().orders.map((o) => o.reason)).toEqual(['changed after reopen', undefined]);
    await reopened.close();
  });

  it('stores a fill once per order and execution id, also after a reopen', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file);
    const fill = sampleOrders()[5]!.fills[0]!;
    expect(store.addFill(fill)).toBe(true);
    expect(store.addFill({ ...fill })).toBe(false);
    expect(store.addFill({ ...fill, clientOrderId: 'blt-other' })).toBe(true);
    await store.close();

    const reopened = await open(file);
    expect(reopened.addFill(fill)).toBe(false);
    expect(reopened.load().fills).toHaveLength(2);
    await reopened.close();
  });

  it('nextSeq never moves backwards and follows the highest stored order', async () => {
    const store = await open(join(tempDir(), 'sim.json'));
    store.setNextSeq(10);
    store.setNextSeq(5);
    expect(store.load().nextSeq).toBe(10);
    store.upsertOrder({ ...sampleOrders()[0]!.order, seq: 42 });
    expect(store.load().nextSeq).toBe(43);
    expect(() => store.setNextSeq(Number.NaN)).toThrow(RangeError);
    await store.close();
  });

  it('keeps only the last 500 log lines, across a reopen', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file);
    const log = sampleLog(LOG_LIMIT + 100);
    for (const entry of log) store.appendLog(entry);
    expect(store.load().log).toHaveLength(LOG_LIMIT);
    await store.close();

    const reopened = await open(file);
    const loaded = reopened.load();
    await reopened.close();
    expect(LOG_LIMIT).toBe(500);
    expect(loaded.log).toStrictEqual(log.slice(100));
  });

  it('a burst of fills and order updates becomes one write holding all of them', async () => {
    const file = join(tempDir(), 'sim.json');
    const clock = new ManualClock();
    const store = await open(file, errorSink(), clock);
    const order = sampleOrders()[0]!.order;
    for (let i = 0; i < 1000; i++) {
      store.upsertOrder({ ...order, updatedAt: order.updatedAt + i });
      store.addFill({ ...sampleOrders()[5]!.fills[0]!, executionId: `x-${i}` });
    }
    await store.flush();
    expect(store.stats().writes).toBe(1);
    const raw = rawFile(file);
    expect(raw['fills']).toHaveLength(1000);
    expect((raw['orders'] as Array<{ updatedAt: number }>)[0]?.updatedAt).toBe(order.updatedAt + 999);
    await store.close();
    expect(store.stats().writes).toBe(1);
  });
});

describe('saving changes as they come', () => {
  it('fills added over many writes are all in the file, as valid JSON, in the order they came', async () => {
    const file = join(tempDir(), 'sim.json');
    const clock = new ManualClock();
    const store = await open(file, errorSink(), clock);
    const fill = sampleOrders()[5]!.fills[0]!;
    for (let write = 0; write < 4; write++) {
      for (let i = 0; i < 3; i++) store.addFill({ ...fill, executionId: `x-${write}-${i}` });
      await store.flush();
    }
    expect(store.stats().writes).toBe(4);
    await store.close();
    const ids = (rawFile(file)['fills'] as Array<{ executionId: string }>).map((f) => f.executionId);
    expect(ids).toEqual([0, 1, 2, 3].flatMap((w) => [0, 1, 2].map((i) => `x-${w}-${i}`)));

    const reopened = await open(file);
    reopened.addFill({ ...fill, executionId: 'after-reopen' });
    await reopened.close();
    expect((rawFile(file)['fills'] as unknown[]).length).toBe(13);
  });

  it('a change of one position leaves the others as stored; a whole portfolio replaces them all', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file);
    store.setPortfolio(samplePortfolio());
    await store.flush();
    const aapl = { symbol: 'AAPL', qty: dec('25'), avgCost: dec('186'), realizedPnl: dec('1') };
    store.changePortfolio({ cash: dec('1000'), positions: [aapl] });
    await store.close();

    const reopened = await open(file);
    const changed = reopened.load().portfolio;
    expect(changed?.cash.toString()).toBe('1000');
    expect(changed?.positions['AAPL']).toStrictEqual(aapl);
    expect(Object.keys(changed?.positions ?? {}).sort()).toEqual(Object.keys(samplePortfolio().positions).sort());
    reopened.changePortfolio({ cash: dec('5'), positions: [aapl], whole: true });
    expect(Object.keys(reopened.load().portfolio?.positions ?? {})).toEqual(['AAPL']);
    await reopened.close();
  });
});

describe('refusals', () => {
  it('refuses a profile file holding a bad decimal, naming the field, and leaves it untouched', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file);
    store.upsertOrder(sampleOrders()[0]!.order);
    await store.close();
    const content = readFileSync(file, 'utf8').replace('"187.42"', '"187,42"');
    writeFileSync(file, content);

    const error = await open(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect((error as Error).message).toContain(`${file} is not a valid Blotter store (orders[0].limitPrice: expected a decimal string, found "187,42")`);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('refuses a second open of the same profile', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file);
    await expect(open(file)).rejects.toBeInstanceOf(StoreLockedError);
    await store.close();
  });
});
