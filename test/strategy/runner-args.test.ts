import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { takeRunnerArgs } from '../../src/strategy/runner-args.js';
import { DEFAULT_SOURCE_LIMITS } from '../../src/strategy/source-limits.js';

describe('takeRunnerArgs', () => {
  it('takes bar= out and leaves the rest for the strategy', () => {
    expect(takeRunnerArgs(['fast=5', 'BAR=5s', 'slow=20'])).toEqual({ ok: true, timeframe: { ms: 5_000, label: '5s' }, limits: DEFAULT_SOURCE_LIMITS, rest: ['fast=5', 'slow=20'] });
    expect(takeRunnerArgs([])).toMatchObject({ ok: true, timeframe: { label: '1m' } });
  });

  it('refuses a bar given twice or one that is no bar length', () => {
    expect(takeRunnerArgs(['bar=5s', 'bar=1m'])).toEqual({ ok: false, problem: 'bar is given twice; give it once, like bar=5s' });
    expect(takeRunnerArgs(['bar=soon'])).toMatchObject({ ok: false, problem: expect.stringMatching(/^bar: /) });
  });

  it('takes the limits out: max-pos in shares, max-notional in dollars, max-orders a minute', () => {
    const reading = takeRunnerArgs(['size=10', 'max-pos=1,000', 'Max-Notional=$50,000.50', ' max-orders = 10']);
    if (!reading.ok) throw new Error(reading.problem);
    expect(reading.rest).toEqual(['size=10']);
    expect([reading.limits.maxPosition.toString(), reading.limits.maxNotional.toString(), reading.limits.maxOrdersPerMinute]).toEqual(['1000', '50000.5', 10]);
    expect(takeRunnerArgs(['max-pos=250'])).toMatchObject({ ok: true, limits: { maxPosition: dec(250), maxNotional: DEFAULT_SOURCE_LIMITS.maxNotional, maxOrdersPerMinute: 30 } });
  });

  it('refuses a bad limit in one line saying what would be right', () => {
    expect(takeRunnerArgs(['max-pos=0'])).toEqual({ ok: false, problem: "max-pos must be a positive number of shares, like max-pos=1000; got '0'" });
    expect(takeRunnerArgs(['max-pos='])).toEqual({ ok: false, problem: "max-pos must be a positive number of shares, like max-pos=1000; got ''" });
    expect(takeRunnerArgs(['max-notional=1.005'])).toEqual({ ok: false, problem: "max-notional must be a positive dollar amount (cents at most), like max-notional=50000; got '1.005'" });
    expect(takeRunnerArgs(['max-notional=lots'])).toMatchObject({ ok: false, problem: expect.stringMatching(/^max-notional must be/) });
    expect(takeRunnerArgs(['max-orders=2.5'])).toEqual({ ok: false, problem: "max-orders must be a whole number of orders a minute, 1 or more, like max-orders=10; got '2.5'" });
    expect(takeRunnerArgs(['max-orders=0'])).toMatchObject({ ok: false, problem: expect.stringMatching(/^max-orders must be/) });
    expect(takeRunnerArgs(['max-orders=1', 'max-orders=2'])).toEqual({ ok: false, problem: 'max-orders is given twice; give it once, like max-orders=10' });
  });
});
