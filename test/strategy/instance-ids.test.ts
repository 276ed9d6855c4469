import { describe, expect, it } from 'vitest';
import { isOrderSource } from '../../src/domain/client-order-id.js';
import { InstanceIds, prefixOf } from '../../src/strategy/instance-ids.js';

describe('InstanceIds', () => {
  it('makes short prefixes from names', () => {
    expect(['sma-cross', 'breakout', 'bollinger', 'My_Strat', '---'].map(prefixOf)).toEqual(['sma', 'brk', 'bll', 'my', 's']);
  });

  it('counts across names, skips ids taken, and always makes a valid order source', () => {
    const ids = new InstanceIds();
    expect(ids.next('sma-cross', () => false)).toBe('sma1');
    expect(ids.next('breakout', (id) => id === 'brk2')).toBe('brk3');
    expect(isOrderSource(ids.next('averyveryverylongname', () => false))).toBe(true);
  });
});
