import { describe, expect, it } from 'vitest';
import { BrokerError } from '../../../src/broker/errors.js';
import { harness, setAapl } from './helpers.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('the sim’s recent bars', () => {
  it('end with the last whole bar at the symbol’s last price, so the first live bar carries on from it', async () => {
    const { sim, clock } = harness();
    clock.advance(7 * SECOND);
    const bars = await sim.recentBars({ symbol: 'aapl', timeframeMs: 5 * SECOND, before: clock.now(), count: 20 });
    expect(bars).toHaveLength(20);
    expect(bars.at(-1)).toMatchObject({ start: clock.now() - 2 * SECOND - 5 * SECOND, close: 100 });
    expect(bars.every((bar, i) => i === 0 || bar.start === bars[i - 1]!.start + 5 * SECOND)).toBe(true);

    setAapl(sim, '101.37', '101.39');
    const moved = await sim.recentBars({ symbol: 'AAPL', timeframeMs: MINUTE, before: clock.now(), count: 3 });
    expect(moved.at(-1)?.close).toBe(101.37);
  });

  it('are the same for the same seed, and none for a symbol the market does not know', async () => {
    const ask = { symbol: 'MSFT', timeframeMs: MINUTE, before: Date.UTC(2026, 0, 5, 15, 0, 0), count: 50 };
    expect(await harness().sim.recentBars(ask)).toEqual(await harness().sim.recentBars(ask));
    expect(await harness({ seed: 43 }).sim.recentBars(ask)).not.toEqual(await harness().sim.recentBars(ask));
    expect(await harness().sim.recentBars({ ...ask, symbol: 'NOPE' })).toEqual([]);
  });

  it('are refused once the exchange is closed', async () => {
    const { sim } = harness();
    await sim.close();
    const refused = await sim.recentBars({ symbol: 'AAPL', timeframeMs: MINUTE, before: 0, count: 1 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BrokerError);
    expect((refused as BrokerError).message).toBe('recentBars: the simulated exchange is closed');
  });
});
