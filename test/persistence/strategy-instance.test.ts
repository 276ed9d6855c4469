import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { StoreCorruptError } from '../../src/persistence/errors.js';
import { decodeProfileDocument } from '../../src/persistence/profile-codec.js';
import { emptyProfile } from '../../src/persistence/profile-schema.js';
import { decodeStrategyInstance, encodeStrategyInstance, type StrategyInstanceRecord } from '../../src/persistence/strategy-instance.js';

const record: StrategyInstanceRecord = {
  id: 'sma1',
  name: 'sma-cross',
  symbol: 'AAPL',
  args: ['fast=5', 'slow=20', 'size=10', 'bar=5s'],
  state: 'error',
  error: 'onBar threw: fast must be below slow',
  startedAt: 1_767_625_200_000,
  updatedAt: 1_767_625_260_000,
  position: dec('-12.5'),
  realized: dec('1234.56789012345678901234567'),
};

function corruptMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreCorruptError);
    return (error as Error).message;
  }
  throw new Error('expected a StoreCorruptError');
}

describe('a strategy instance record', () => {
  it('keeps money as exact decimal strings and reads back the same', () => {
    const stored = encodeStrategyInstance(record);
    expect(stored.position).toBe('-12.5');
    expect(stored.realized).toBe('1234.56789012345678901234567');
    expect(decodeStrategyInstance(JSON.parse(JSON.stringify(stored)))).toEqual(record);
  });

  it('leaves out an error it does not have', () => {
    const { error: _none, ...running } = record;
    const stored = encodeStrategyInstance({ ...running, state: 'running' });
    expect(Object.keys(stored)).not.toContain('error');
    expect(Object.keys(decodeStrategyInstance(stored))).not.toContain('error');
  });

  it.each([
    ['state', 'sleeping', 'strategies[1].state: expected one of running|paused|reducing|stopped|error, found "sleeping"'],
    ['position', 12.5, 'strategies[1].position: expected a decimal string, found 12.5'],
    ['args', 'fast=5', 'strategies[1].args: expected an array, found "fast=5"'],
    ['startedAt', -1, 'strategies[1].startedAt: expected a time in epoch milliseconds, found -1'],
    ['id', 'SMA-1', 'strategies[1].id: expected a strategy id (1 to 12 lowercase letters and digits), found "SMA-1"'],
    ['symbol', undefined, 'strategies[1].symbol: expected a non-empty string, found nothing'],
  ])('a bad %s is named in the profile', (key, value, message) => {
    const bad = { ...encodeStrategyInstance({ ...record, id: 'bll3' }), [key]: value };
    const doc = { ...emptyProfile(1), strategies: [encodeStrategyInstance(record), bad] };
    expect(corruptMessage(() => decodeProfileDocument(JSON.parse(JSON.stringify(doc))))).toContain(message);
  });

  it('is refused twice under one id', () => {
    const doc = { ...emptyProfile(1), strategies: [encodeStrategyInstance(record), encodeStrategyInstance(record)] };
    expect(corruptMessage(() => decodeProfileDocument(JSON.parse(JSON.stringify(doc))))).toContain('strategies[1].id: duplicate of an earlier entry');
  });

  it('is none in a profile written before strategies were kept', () => {
    const { strategies: _none, ...older } = emptyProfile(1);
    expect(decodeProfileDocument(JSON.parse(JSON.stringify(older))).strategies).toEqual([]);
  });
});
