import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { dec } from '../../src/domain/decimal.js';
import { openArchive } from '../../src/persistence/archive.js';
import { StoreCorruptError } from '../../src/persistence/errors.js';
import { openProfileStore, type ProfileStore } from '../../src/persistence/profile-store.js';
import type { StrategyInstanceRecord } from '../../src/persistence/strategy-instance.js';
import { errorSink, useTempDir } from './helpers.js';

const tempDir = useTempDir();
const T0 = Date.UTC(2026, 11, 1, 15);
const HOUR = 3_600_000;

function open(path: string): Promise<ProfileStore> {
  return openProfileStore({ path, onError: errorSink().onError, clock: new ManualClock(T0) });
}

function rawFile(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** What a restart after a crash finds: the file as last saved, the store never closed. */
async function afterCrash(store: ProfileStore, file: string): Promise<ProfileStore> {
  await store.flush();
  const left = join(tempDir(), 'after-crash.json');
  copyFileSync(file, left);
  return open(left);
}

function instance(id: string, overrides: Partial<StrategyInstanceRecord> = {}): StrategyInstanceRecord {
  return {
    id,
    name: 'sma-cross',
    symbol: 'AAPL',
    args: ['fast=5', 'slow=20', 'size=10', 'bar=5s'],
    state: 'running',
    startedAt: T0,
    updatedAt: T0,
    position: dec(0),
    realized: dec(0),
    ...overrides,
  };
}

describe('strategy instances in the profile', () => {
  it('come back after a crash in the order they were started, with their latest position and P&L to the last digit', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file);
    store.saveStrategy(instance('sma1'));
    store.saveStrategy(instance('brk2', { name: 'breakout', symbol: 'MSFT', args: ['bar=1m', 'max-pos=50'] }));
    store.saveStrategy(instance('bll3', { name: 'bollinger', symbol: 'TSLA', args: [] }));
    await store.flush();
    store.saveStrategy(instance('sma1', { position: dec('-12.5'), realized: dec('1234.567890123456789'), updatedAt: T0 + 5_000 }));
    store.saveStrategy(instance('brk2', { name: 'breakout', symbol: 'MSFT', args: ['bar=1m', 'max-pos=50'], state: 'error', error: 'onBar threw: boom', updatedAt: T0 + 6_000 }));

    const restarted = await afterCrash(store, file);
    const strategies = restarted.load().strategies;
    expect(strategies.map((s) => [s.id, s.state])).toEqual([
      ['sma1', 'running'],
      ['brk2', 'error'],
      ['bll3', 'running'],
    ]);
    expect(strategies[0]).toEqual(instance('sma1', { position: dec('-12.5'), realized: dec('1234.567890123456789'), updatedAt: T0 + 5_000 }));
    expect(strategies[0]?.position.toFixed()).toBe('-12.5');
    expect(strategies[1]?.error).toBe('onBar threw: boom');
    expect(strategies[1]?.args).toEqual(['bar=1m', 'max-pos=50']);
    await restarted.close();
    await store.close();
  });

  it('are updated in place: one record per id in the file, however often saved, also after a reopen', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file);
    store.saveStrategy(instance('sma1'));
    store.saveStrategy(instance('brk2'));
    for (let i = 1; i <= 50; i++) store.saveStrategy(instance('sma1', { position: dec(i), updatedAt: T0 + i }));
    await store.close();
    const stored = rawFile(file)['strategies'] as Array<{ id: string; position: string }>;
    expect(stored.map((s) => [s.id, s.position])).toEqual([
      ['sma1', '50'],
      ['brk2', '0'],
    ]);

    const reopened = await open(file);
    reopened.saveStrategy(instance('brk2', { state: 'paused' }));
    reopened.saveStrategy(instance('sma4'));
    expect(reopened.load().strategies.map((s) => [s.id, s.state])).toEqual([
      ['sma1', 'running'],
      ['brk2', 'paused'],
      ['sma4', 'running'],
    ]);
    await reopened.close();
  });

  it('a profile from before strategies were kept opens with none, and keeps them from the next save', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file);
    store.setWatchlist(['AAPL']);
    await store.close();
    const { strategies: _none, ...older } = rawFile(file);
    writeFileSync(file, JSON.stringify(older));

    const reopened = await open(file);
    expect(reopened.load().strategies).toEqual([]);
    reopened.saveStrategy(instance('sma1'));
    await reopened.close();
    expect((rawFile(file)['strategies'] as unknown[]).length).toBe(1);
  });

  it('a malformed record refuses the profile, naming the field, and leaves the file untouched', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file);
    store.saveStrategy(instance('sma1'));
    await store.close();
    const content = readFileSync(file, 'utf8').replace('"state":"running"', '"state":"asleep"');
    writeFileSync(file, content);

    const error = await open(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreCorruptError);
    expect((error as Error).message).toContain('strategies[0].state: expected one of running|paused|reducing|stopped|error, found "asleep"');
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  it('archiving drops stopped and failed instances past the retention as history, and keeps the rest however old', async () => {
    const file = join(tempDir(), 'sim.json');
    const store = await open(file);
    store.setBrought({ cash: dec(100_000), positions: {} });
    const old = T0 - 100 * HOUR;
    store.saveStrategy(instance('old1', { state: 'stopped', updatedAt: old }));
    store.saveStrategy(instance('old2', { state: 'error', error: 'boom', updatedAt: old }));
    store.saveStrategy(instance('old3', { state: 'paused', updatedAt: old }));
    store.saveStrategy(instance('old4', { state: 'reducing', updatedAt: old }));
    store.saveStrategy(instance('old5', { state: 'running', updatedAt: old }));
    store.saveStrategy(instance('new1', { state: 'stopped', updatedAt: T0 }));
    const archive = openArchive(join(tempDir(), 'archive'));

    const moved = await store.archiveBefore(T0 - 48 * HOUR, archive);
    expect(moved).toEqual({ orders: 0, fills: 0, adjustments: 0, strategies: 2 });
    await store.close();
    const reopened = await open(file);
    expect(reopened.load().strategies.map((s) => s.id)).toEqual(['old3', 'old4', 'old5', 'new1']);
    await reopened.close();
    const archived = [];
    for await (const record of archive.read('strategies', (r) => (r as { id: string }).id)) archived.push((record as { id: string }).id);
    expect(archived.sort()).toEqual(['old1', 'old2']);
  });
});
