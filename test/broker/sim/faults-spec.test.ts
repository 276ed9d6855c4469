import { describe, expect, it } from 'vitest';
import { resolveFaults } from '../../../src/broker/sim/fault-config.js';
import { FAULT_PRESETS } from '../../../src/broker/sim/fault-presets.js';
import { parseFaultSpec } from '../../../src/broker/sim/fault-spec.js';
import { createSimExchange } from '../../../src/broker/sim/sim-exchange.js';
import { harness } from './helpers.js';

describe('parseFaultSpec', () => {
  it('reads the presets', () => {
    expect(parseFaultSpec('none')).toEqual({});
    expect(parseFaultSpec('light')).toEqual(FAULT_PRESETS.light);
    expect(parseFaultSpec(' Chaos ')).toEqual(FAULT_PRESETS.chaos);
  });

  it('every preset is a valid config, and chaos switches every fault on', () => {
    for (const preset of Object.values(FAULT_PRESETS)) expect(() => resolveFaults(preset)).not.toThrow();
    const chaos = resolveFaults(FAULT_PRESETS.chaos);
    for (const rates of Object.values(chaos.calls)) expect(Object.values(rates).every((r) => r > 0)).toBe(true);
    for (const rate of [chaos.drop, chaos.duplicate, chaos.delay, chaos.reorder, chaos.cancelRace]) expect(rate).toBeGreaterThan(0);
    expect(chaos.streamOutage).toEqual({ everyMs: 30_000, ms: 3000 });
    expect(chaos.restOutage).toBeDefined();
  });

  it('reads rates, durations and outages', () => {
    expect(parseFaultSpec('transient=0.05,drop=0.1,outage=30s/3s')).toEqual({ transient: 0.05, drop: 0.1, outageEveryMs: 30_000, outageMs: 3000 });
    expect(parseFaultSpec('rate-limited=2%, lost_response=.5 ,ambiguousExecuted=1,retryAfter=1.5s')).toEqual({
      rateLimited: 0.02,
      lostResponse: 0.5,
      ambiguousExecuted: 1,
      retryAfterMs: 1500,
    });
    expect(parseFaultSpec('delay=0.1/2s,reorder=5%/250ms,duplicate=0,cancelRace=1,restOutage=1m/500ms,seed=-7')).toEqual({
      delay: 0.1,
      delayMaxMs: 2000,
      reorder: 0.05,
      reorderHoldMs: 250,
      duplicate: 0,
      cancelRace: 1,
      restOutageEveryMs: 60_000,
      restOutageMs: 500,
      seed: -7,
    });
  });

  it('reads per-operation rates', () => {
    expect(parseFaultSpec('submitorder.lostResponse=0.2,submitOrder.transient=0.1,getOrder.RATE_LIMITED=1')).toEqual({
      operations: { submitOrder: { lostResponse: 0.2, transient: 0.1 }, getOrder: { rateLimited: 1 } },
    });
  });

  it('applies parts left to right, so a preset can be adjusted or a fault switched off', () => {
    const config = parseFaultSpec('chaos,drop=0,outage=off');
    expect(config.drop).toBe(0);
    expect(config.transient).toBe(FAULT_PRESETS.chaos.transient);
    expect(resolveFaults(config).streamOutage).toBeUndefined();
    expect(parseFaultSpec('drop=0.3,none').drop).toBe(0.3);
  });

  it.each([
    ['drop=2', 'drop=2', '2 is not a probability from 0 to 1'],
    ['drop=-0.1', 'drop=-0.1', 'not a probability'],
    ['drop=lots', 'drop=lots', 'not a probability'],
    ['bogus=1', 'bogus=1', 'unknown key bogus'],
    ['transient', 'transient', 'unknown preset transient'],
    ['chaos,,drop=0.1', '', 'empty part'],
    ['', '', 'empty part'],
    ['outage=30s', 'outage=30s', 'expected EVERY/DUR'],
    ['delay=0.1/fast', 'delay=0.1/fast', "'fast' is not a duration"],
    ['delay=0.1/0s', 'delay=0.1/0s', 'not a positive duration'],
    ['seed=1.5', 'seed=1.5', 'must be an integer'],
    ['nope.transient=0.1', 'nope.transient=0.1', 'unknown operation nope'],
    ['submitOrder.slow=0.1', 'submitOrder.slow=0.1', 'unknown error kind slow'],
  ])('rejects %j naming the part and the valid ones', (spec, part, reason) => {
    const error = captureError(() => parseFaultSpec(spec));
    expect(error.message).toContain(`invalid fault spec part "${part}": `);
    expect(error.message).toContain(reason);
    expect(error.message).toContain('valid parts: none, light, chaos, transient=P');
    expect(error.message).not.toContain('\n');
  });

  it('rejects a combination that cannot hold', () => {
    expect(() => parseFaultSpec('transient=0.6,ambiguous=0.6')).toThrow(
      /^invalid fault spec "transient=0.6,ambiguous=0.6": faults: the error rates of submitOrder add up to 1.2; at most 1$/,
    );
    expect(() => parseFaultSpec('outage=3s/30s')).toThrow('faults.outageMs (30000) must be shorter than faults.outageEveryMs (3000)');
  });
});

describe('fault config checks', () => {
  it('the exchange refuses a bad config at construction', () => {
    expect(() => createSimExchange({ faults: { drop: 1.5 } })).toThrow('faults.drop must be a probability from 0 to 1, got 1.5');
    expect(() => createSimExchange({ faults: { outageEveryMs: 1000 } })).toThrow('faults.outageEveryMs and faults.outageMs go together');
    expect(() => createSimExchange({ faults: { delayMaxMs: 0 } })).toThrow('faults.delayMaxMs must be a positive number');
    expect(() => createSimExchange({ faults: { operations: { submitOrder: { transient: 2 } } } })).toThrow(
      'faults.operations.submitOrder.transient must be a probability',
    );
  });

  it('setFaults refuses a bad config and keeps the faults it had', async () => {
    const h = harness({ faults: { transient: 1 } });
    expect(() => h.sim.setFaults({ transient: 0, reorder: Number.NaN })).toThrow('faults.reorder');
    await expect(h.sim.getClock()).rejects.toMatchObject({ kind: 'transient' });
  });
});

function captureError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected an error');
}
