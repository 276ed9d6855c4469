import { describe, expect, it } from 'vitest';
import { parseCommissionSpec, parseSlippageSpec } from '../../src/app/cost-spec.js';
import { dec } from '../../src/domain/decimal.js';

describe('--commission', () => {
  it.each([
    ['none', { model: 'none' }],
    ['per-share:0.005', { model: 'per-share', perShare: dec('0.005'), minimum: dec(0) }],
    ['Per-Share:0.005, min:1', { model: 'per-share', perShare: dec('0.005'), minimum: dec(1) }],
    ['percent:0.1', { model: 'percent', percent: dec('0.1') }],
    ['bps:1', { model: 'percent', percent: dec('0.01') }],
    ['fixed:4.95', { model: 'fixed', amount: dec('4.95') }],
  ])('reads %s', (text, spec) => {
    expect(parseCommissionSpec(text)).toEqual(spec);
  });

  it.each([
    ['', /^nothing given; use none, per-share/],
    ['per-share', /^per-share needs a number, e.g. per-share:1; use/],
    ['per-share:-1', /^per-share:-1 is not a non-negative number; use/],
    ['per-share:2', /^per-share:2 is more than 1; use/],
    ['per-share:0.01,min:1,min:2', /^min is given twice; use/],
    ['per-share:0.01,min', /^"min" is not key:value; use/],
    ['percent:0.1,min:1', /^percent takes no options, not min; use/],
    ['percent:101', /^percent:101 is more than 100; use/],
    ['fixed:1:2', /^fixed:1:2 is not a non-negative number; use/],
    ['per-trade:1', /^unknown commission model per-trade; use none, per-share:0\.005\[,min:1\], percent:0\.1, bps:1 or fixed:1/],
  ])('refuses %j in one line that says what would be right', (text, message) => {
    expect(() => parseCommissionSpec(text)).toThrow(message);
    expect(() => parseCommissionSpec(text)).not.toThrow(/\n/);
  });
});

describe('--slippage', () => {
  it.each([
    ['none', { model: 'none' }],
    ['bps:2', { model: 'bps', bps: dec(2) }],
    ['size:10', { model: 'size', bpsPerDisplayedSize: dec(10), baseBps: dec(0) }],
    ['size:10,base:1,max:50', { model: 'size', bpsPerDisplayedSize: dec(10), baseBps: dec(1), maxBps: dec(50) }],
  ])('reads %s', (text, spec) => {
    expect(parseSlippageSpec(text)).toEqual(spec);
  });

  it.each([
    ['ticks:1', /^unknown slippage model ticks; use none, bps:2 or size:10\[,base:1\]\[,max:50\]/],
    ['bps:1001', /^bps:1001 is more than 1000; use/],
    ['bps:2,max:5', /^bps takes no options, not max; use/],
    ['size:10,cap:5', /^size takes base:N, max:N, not cap; use/],
  ])('refuses %j in one line that says what would be right', (text, message) => {
    expect(() => parseSlippageSpec(text)).toThrow(message);
  });
});
