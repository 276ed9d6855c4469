import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { isOnTick, roundToTick, tickRule, tickSize, ticksAround } from '../../src/domain/tick.js';

describe('the price tick', () => {
  it('is a cent at or above $1 and a hundredth of a cent below', () => {
    expect(tickSize(dec('1')).toString()).toBe('0.01');
    expect(tickSize(dec('187.44')).toString()).toBe('0.01');
    expect(tickSize(dec('0.9999')).toString()).toBe('0.0001');
    expect(tickSize(dec('-2')).toString()).toBe('0.01');
  });

  it.each([
    ['187.44', true],
    ['187.4', true],
    ['187', true],
    ['187.445', false],
    ['1.0001', false],
    ['0.1234', true],
    ['0.12345', false],
    ['0.0001', true],
  ])('says whether %s is on it: %s', (price, on) => {
    expect(isOnTick(dec(price))).toBe(on);
  });

  it('rounds to the nearest tick, halves to even', () => {
    expect(roundToTick(dec('187.445')).toString()).toBe('187.44');
    expect(roundToTick(dec('187.455')).toString()).toBe('187.46');
    expect(roundToTick(dec('0.12345')).toString()).toBe('0.1234');
  });

  it('names the rule that applies to a price, and the ticks either side of it', () => {
    expect(tickRule(dec('187.125'))).toBe('steps of 0.01 at or above $1');
    expect(tickRule(dec('0.12345'))).toBe('steps of 0.0001 below $1');
    expect(ticksAround(dec('187.125')).map(String)).toEqual(['187.12', '187.13']);
    expect(ticksAround(dec('0.99995')).map(String)).toEqual(['0.9999', '1']);
    expect(ticksAround(dec('0.00001')).map(String)).toEqual(['0', '0.0001']);
  });
});
