import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { BrokerError } from '../../src/broker/errors.js';
import type { SubmitOrderRequest } from '../../src/broker/port.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { KeyedQueue, LaneFullError } from '../../src/core/keyed-queue.js';
import { MSFT_QUOTE, after, buy, restingBuy, startHarness, stopAll, type Harness, type InterceptedCall } from './engine-harness.js';

afterEach(stopAll);

/** Every order event as `#seq status`, with `+id` once the order carries the exchange's id, and when it was applied. */
function orderTrail(h: Harness): { text: string; at: number }[] {
  const trail: { text: string; at: number }[] = [];
  h.engine.subscribe((e) => {
    if (e.type === 'order') trail.push({ text: `#${e.order.seq} ${e.order.status}${e.order.brokerOrderId === undefined ? '' : ' +id'}`, at: h.clock.now() });
  });
  return trail;
}

const symbolOf = (call: InterceptedCall): string => (call.args[0] as SubmitOrderRequest).symbol;

/** Answers the submits of `symbol` `ms` late (the exchange acts at once; the answer is slow to come back). */
const slowSubmitAnswers =
  (symbol: string, ms: number) =>
  (call: InterceptedCall, proceed: () => unknown, clock: ManualClock): unknown =>
    call.method === 'submitOrder' && symbolOf(call) === symbol
      ? Promise.resolve(proceed()).then(async (answer) => {
          await after(clock, ms);
          return answer;
        })
      : proceed();

describe('same-symbol work is serialized, in arrival order', () => {
  it('a fill that arrives on the stream before the submit has been answered is applied after the answer', async () => {
    const h = await startHarness({ intercept: slowSubmitAnswers('AAPL', 100) });
    const trail = orderTrail(h);
    const began = h.clock.now();
    const placing = h.engine.place(buy(10));
    await h.advance(60);
    // The exchange acknowledged (20 ms) and filled (50 ms) the order; its answer is still on the way.
    expect(h.sim.ledger().fills).toHaveLength(1);
    expect(h.order(1)?.status).toBe('pending_new');
    await h.drive(placing);
    await h.advance(20);
    expect(trail.map((t) => t.text)).toEqual(['#1 pending_new', '#1 pending_new +id', '#1 new +id', '#1 filled +id']);
    const answerAt = trail[1]!.at;
    expect(answerAt - began).toBeGreaterThanOrEqual(100);
    expect(trail[3]!.at).toBeGreaterThanOrEqual(answerAt);
    expect(h.engine.portfolio().positions.AAPL?.qty.toString()).toBe('10');
    // The stream's updates waited in the lane behind the submit, and that shows in the lane metrics.
    const { gauges, histograms } = h.engine.metrics();
    expect(gauges['queue.depth']?.max).toBeGreaterThanOrEqual(2);
    expect(histograms['lane.wait']?.max).toBeGreaterThanOrEqual(50);
  });

  it('a cancel and a trade update for other orders of the symbol wait for the slow submit, then go in the order they came', async () => {
    let slow = false;
    const slowAapl = slowSubmitAnswers('AAPL', 200);
    const h = await startHarness({ intercept: (call, proceed, clock) => (slow ? slowAapl(call, proceed, clock) : proceed()) });
    const resting = await h.engine.place(restingBuy(10));
    await h.advance(50);
    const trail = orderTrail(h);
    slow = true;
    const began = h.clock.now();
    const placing = h.engine.place(restingBuy(5, { limitPrice: dec('181.00') })); // #2: its answer takes 200 ms
    await h.advance(10);
    const cancelling = h.engine.cancel({ kind: 'seq', seq: resting.seq }); // joins the lane at +10
    await h.advance(100); // #2's "new" arrives on the stream at +20 and joins the lane after the cancel
    expect(h.callsOf('cancelOrder')).toEqual([]);
    await h.drive(Promise.all([placing, cancelling]));
    await h.advance(50);

    const applied = trail.map((t) => t.text).filter((t) => t !== '#2 pending_new');
    expect(applied.slice(0, 3)).toEqual(['#2 pending_new +id', '#1 pending_cancel +id', '#2 new +id']);
    expect(trail.find((t) => t.text === '#1 pending_cancel +id')!.at - began).toBeGreaterThanOrEqual(200);
    expect(h.callsOf('cancelOrder')[0]!.at - began).toBeGreaterThanOrEqual(200);
    expect(h.order(1)?.status).toBe('canceled');
    expect(h.order(2)?.status).toBe('new');
  });
});

describe('different symbols interleave', () => {
  it('a slow submit answer for one symbol does not hold up another symbol', async () => {
    const h = await startHarness({ intercept: slowSubmitAnswers('MSFT', 5_000) });
    const began = h.clock.now();
    let msftPlaced = false;
    const msft = h.engine.place(buy(3, { symbol: 'MSFT' })).then(() => {
      msftPlaced = true;
    });
    await h.advance(10);
    await h.engine.place(buy(10));
    await h.advance(100);
    expect(h.order(2)?.status).toBe('filled');
    expect(h.fills.find((f) => f.symbol === 'AAPL')!.at - began).toBeLessThan(100);
    expect(msftPlaced).toBe(false);
    await h.drive(msft);
    await h.advance(20);
    expect(h.order(1)?.status).toBe('filled');
  });

  it('a submit backing off after REST errors holds no lane: the same and other symbols fill meanwhile', async () => {
    let failuresLeft = 0;
    const h = await startHarness({
      config: { breaker: { failureThreshold: 1_000, windowMs: 60_000 } },
      intercept: (call, proceed) => {
        if (call.method !== 'submitOrder' || symbolOf(call) !== 'MSFT' || failuresLeft === 0) return proceed();
        failuresLeft--;
        return Promise.reject(new BrokerError('transient', 'service unavailable', { status: 503 }));
      },
    });
    const restingMsft = await h.engine.place(buy(4, { symbol: 'MSFT', type: 'limit', limitPrice: dec('405.00') }));
    await h.advance(50);
    failuresLeft = 3;
    const began = h.clock.now();
    let retried = false;
    const backingOff = h.engine.place(buy(2, { symbol: 'MSFT' })).then(() => {
      retried = true;
    });
    await h.advance(10);
    expect(h.logText()).toContain('submit #2 unavailable — retry 2/5 in 0.2s');

    // Mid-backoff: the resting MSFT order becomes marketable and an AAPL order goes in.
    h.sim.setQuote('MSFT', { ...MSFT_QUOTE, bid: dec('404.90'), ask: dec('404.95') });
    await h.engine.place(buy(10));
    await h.advance(60);
    expect(retried).toBe(false);
    expect(h.order(restingMsft.seq)?.status).toBe('filled');
    expect(h.order(3)?.status).toBe('filled');
    expect(Math.max(...h.fills.map((f) => f.at)) - began).toBeLessThan(100);

    await h.drive(backingOff);
    expect(h.callsOf('submitOrder').filter((c) => (c.arg as SubmitOrderRequest).symbol === 'MSFT')).toHaveLength(1 + 4);
    await h.advance(100);
    expect(h.order(2)?.status).toBe('filled');
  });
});

describe('bounded lanes', () => {
  it('a full lane refuses new work with a clear error; other lanes, and the same lane once drained, still accept', async () => {
    const lanes = new KeyedQueue({ maxDepth: 2 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = lanes.run('AAPL', () => gate);
    const second = lanes.run('AAPL', () => 'second');
    const refused = lanes.run('AAPL', () => 'third');
    await expect(refused).rejects.toBeInstanceOf(LaneFullError);
    await expect(refused).rejects.toThrow('AAPL: 2 operations already waiting; try again when they have gone through');
    await expect(lanes.run('MSFT', () => 'other symbol')).resolves.toBe('other symbol');
    expect(lanes.depth('AAPL')).toBe(2);
    release();
    await first;
    await expect(second).resolves.toBe('second');
    await expect(lanes.run('AAPL', () => 'after draining')).resolves.toBe('after draining');
    expect(lanes.depth('AAPL')).toBe(0);
  });

  it('tells how long each task waited and how deep its lane was', async () => {
    const clock = new ManualClock();
    const started: { key: string; waited: number; depth: number }[] = [];
    const lanes = new KeyedQueue({ now: () => clock.now(), onStart: (key, waited, depth) => started.push({ key, waited, depth }) });
    const slow = lanes.run('AAPL', () => new Promise<void>((resolve) => clock.setTimer(resolve, 250)));
    const queued = lanes.run('AAPL', () => undefined);
    await Promise.resolve();
    clock.advance(250);
    await Promise.all([slow, queued]);
    expect(started).toEqual([
      { key: 'AAPL', waited: 0, depth: 1 },
      { key: 'AAPL', waited: 250, depth: 2 },
    ]);
  });
});
