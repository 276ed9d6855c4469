import { describe, expect, it } from 'vitest';
import { takeRunnerArgs } from '../../src/strategy/runner-args.js';

describe('takeRunnerArgs', () => {
  it('takes bar= out and leaves the rest for the strategy', () => {
    expect(takeRunnerArgs(['fast=5', 'BAR=5s', 'slow=20'])).toEqual({ ok: true, timeframe: { ms: 5_000, label: '5s' }, rest: ['fast=5', 'slow=20'] });
    expect(takeRunnerArgs([])).toMatchObject({ ok: true, timeframe: { label: '1m' } });
  });

  it('refuses a bar given twice or one that is no bar length', () => {
    expect(takeRunnerArgs(['bar=5s', 'bar=1m'])).toEqual({ ok: false, problem: 'bar is given twice; give it once, like bar=5s' });
    expect(takeRunnerArgs(['bar=soon'])).toMatchObject({ ok: false, problem: expect.stringMatching(/^bar: /) });
  });
});
