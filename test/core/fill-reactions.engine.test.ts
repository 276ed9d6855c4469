import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { fixedBpsSlippage } from '../../src/domain/costs/slippage.js';
import { AAPL_QUOTE, buy, startHarness, stopAll, type Harness } from './engine-harness.js';

afterEach(stopAll);

/** A marketable buy limit for 10: with `askSize` shown, only that many fill at once. */
const marketableLimit = buy(10, { type: 'limit', limitPrice: dec('187.50') });
const thinAsk = (h: Harness, size: number): void => {
  h.sim.setQuote('AAPL', { ...AAPL_QUOTE, askSize: dec(size) });
};
const slippageLines = (h: Harness): string[] => h.logText().filter((t) => t.includes('bps worse'));

describe('partial-fill policy', () => {
  it('"cancel" cancels the remainder once after the first partial fill', async () => {
    const h = await startHarness();
    thinAsk(h, 4);
    await h.engine.place(marketableLimit, { onPartial: 'cancel' });
    await h.advance(200);
    expect(h.order(1)?.status).toBe('canceled');
    expect(h.order(1)?.filledQty.toString()).toBe('4');
    expect(h.callsOf('cancelOrder')).toHaveLength(1);
    expect(h.logText()).toContain('#1 BUY 10 AAPL @ 187.50 partly filled; cancelling the remainder as asked (partial cancel)');
    // More liquidity later changes nothing: the remainder is gone.
    thinAsk(h, 500);
    await h.advance(500);
    expect(h.sim.ledger().fills.map((f) => f.qty.toString())).toEqual(['4']);
    expect(h.engine.portfolio().positions.AAPL?.qty.toString()).toBe('4');
    expect(h.callsOf('cancelOrder')).toHaveLength(1);
  });

  it('"cancel" does not send a second cancel when the cancel loses to a fill of the rest', async () => {
    const h = await startHarness({ faults: { cancelRace: 1, seed: 1 } });
    thinAsk(h, 4);
    await h.engine.place(marketableLimit, { onPartial: 'cancel' });
    await h.advance(500);
    expect(h.order(1)?.status).toBe('filled');
    expect(h.order(1)?.filledQty.toString()).toBe('10');
    expect(h.callsOf('cancelOrder')).toHaveLength(1);
    expect(h.engine.portfolio().positions.AAPL?.qty.toString()).toBe('10');
  });

  it('"keep" (the default) keeps working after a partial fill until the order is filled', async () => {
    for (const options of [{ onPartial: 'keep' as const }, {}]) {
      const h = await startHarness();
      thinAsk(h, 4);
      await h.engine.place(marketableLimit, options);
      await h.advance(200);
      expect(h.order(1)?.status).toBe('partially_filled');
      expect(h.order(1)?.filledQty.toString()).toBe('4');
      thinAsk(h, 500);
      await h.advance(200);
      expect(h.order(1)?.status).toBe('filled');
      expect(h.callsOf('cancelOrder')).toEqual([]);
      expect(h.engine.portfolio().positions.AAPL?.qty.toString()).toBe('10');
      await h.stop();
    }
  });
});

describe('slippage warnings', () => {
  it('warns when a market buy fills further than the threshold above the price expected when it was placed', async () => {
    const h = await startHarness();
    const placed = await h.engine.place(buy(10));
    expect(placed.expectedPrice?.toString()).toBe('187.44');
    // The market runs away between the submit and the fill.
    h.sim.setQuote('AAPL', { ...AAPL_QUOTE, bid: dec('188.95'), ask: dec('189.00'), last: dec('189.00') });
    await h.advance(100);
    expect(h.fills[0]?.price.toString()).toBe('189');
    expect(slippageLines(h)).toEqual(['#1 BUY 10 AAPL filled at 189.00, 83 bps worse than the expected 187.44']);
    expect(h.logs().find((e) => e.text.includes('bps worse'))?.level).toBe('warn');
  });

  it('warns for a market sell filled below the bid it expected', async () => {
    const h = await startHarness();
    await h.engine.place(buy(10, { side: 'sell' }));
    h.sim.setQuote('AAPL', { ...AAPL_QUOTE, bid: dec('185.00'), ask: dec('185.05'), last: dec('185.00') });
    await h.advance(100);
    expect(slippageLines(h)).toEqual(['#1 SELL 10 AAPL filled at 185.00, 128 bps worse than the expected 187.40']);
  });

  it('says nothing when the fill is within the threshold, or better than expected', async () => {
    const h = await startHarness();
    await h.engine.place(buy(10));
    h.sim.setQuote('AAPL', { ...AAPL_QUOTE, ask: dec('187.60') }); // 8.5 bps worse
    await h.advance(100);
    await h.engine.place(buy(11));
    h.sim.setQuote('AAPL', { ...AAPL_QUOTE, bid: dec('185.95'), ask: dec('186.00') }); // better
    await h.advance(100);
    expect(h.fills).toHaveLength(2);
    expect(slippageLines(h)).toEqual([]);
  });

  it('follows the configured threshold and the exchange slippage model', async () => {
    const h = await startHarness({ config: { slippageWarnBps: dec(5) }, sim: { slippage: fixedBpsSlippage(10) } });
    await h.engine.place(buy(10));
    await h.advance(100);
    expect(h.fills[0]?.price.toString()).toBe('187.63');
    expect(slippageLines(h)).toEqual(['#1 BUY 10 AAPL filled at 187.63, 10 bps worse than the expected 187.44']);
  });
});

describe('fill metrics', () => {
  it('counts applied fills and stream detection latency', async () => {
    const h = await startHarness();
    await h.engine.place(buy(10));
    await h.engine.place(buy(11, { symbol: 'MSFT' }));
    await h.advance(200);
    const { counters, histograms } = h.engine.metrics();
    expect(counters['fills.applied']).toBe(2);
    expect(counters['fills.duplicate']).toBeUndefined();
    expect(histograms['detection.latency{stream}']?.count).toBe(2);
    expect(histograms['detection.latency{stream}']?.max).toBe(0);
  });

  it('counts a fill delivered twice on the stream once as applied and once as duplicate', async () => {
    const h = await startHarness({ faults: { duplicate: 1 } });
    await h.engine.place(buy(10));
    await h.advance(200);
    expect(h.sim.faultStats().updates.duplicated).toBeGreaterThan(0);
    const { counters } = h.engine.metrics();
    expect(counters['fills.applied']).toBe(1);
    expect(counters['fills.duplicate']).toBe(1);
    expect(h.engine.portfolio().positions.AAPL?.qty.toString()).toBe('10');
  });

  it('records detection latency by method: a fill the stream dropped is found by the first poll', async () => {
    const h = await startHarness({ faults: { drop: 1 } });
    await h.engine.place(buy(10));
    await h.advance(10_100);
    expect(h.fills.map((f) => f.detectedBy)).toEqual(['poll']);
    const { counters, histograms } = h.engine.metrics();
    expect(counters['fills.applied']).toBe(1);
    expect(counters['fills.inferred{poll}']).toBe(1);
    // The latest fill is read at startup, the fills after it 10 s later while the stream is healthy:
    // that read books the fill, its latency measured from when the exchange made it.
    const [cursor, read] = h.callsOf('listFillActivities');
    expect((read?.at ?? 0) - (cursor?.at ?? 0)).toBe(10_000);
    const filledAt = Date.parse(h.sim.ledger().fills[0]?.at ?? '');
    expect(histograms['detection.latency{poll}']).toMatchObject({ count: 1, max: (read?.at ?? 0) - filledAt });
    expect(histograms['detection.latency{stream}']).toBeUndefined();
  });
});
