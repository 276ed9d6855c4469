import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flushMicrotasks } from '../../../src/kernel/clock.js';
import { BrokerError } from '../../../src/broker/errors.js';
import { SnapshotReplay, type SimDelta } from '../../../src/broker/sim/delta.js';
import type { SimArchived, SimDurability } from '../../../src/broker/sim/sim-options.js';
import { createSimExchange, type SimExchange } from '../../../src/broker/sim/sim-exchange.js';
import type { SimSnapshot } from '../../../src/broker/sim/snapshot.js';
import { ACK, FILL, d, harness, setAapl } from './helpers.js';

/** A journal in memory whose writes finish only when the test says so, and can fail. */
class RecordingJournal implements SimDurability {
  snapshot: SimSnapshot | undefined;
  deltas: SimDelta[] = [];
  archived: SimArchived[] = [];
  failures: unknown[] = [];
  wantsSnapshot = false;
  failNext = false;
  private pending: (() => void)[] = [];
  held = false;

  append(delta: SimDelta): Promise<void> {
    return this.write(() => this.deltas.push(delta));
  }

  replace(snapshot: SimSnapshot, archived: SimArchived): Promise<void> {
    return this.write(() => {
      this.snapshot = snapshot;
      this.deltas = [];
      if (archived.orders.length > 0) this.archived.push(archived);
    });
  }

  failed(error: unknown): void {
    this.failures.push(error);
  }

  release(): void {
    this.held = false;
    for (const done of this.pending.splice(0)) done();
  }

  /** The exchange as a restart would find it: the snapshot with the journal replayed. */
  restored(): SimSnapshot {
    const replay = new SnapshotReplay(this.snapshot as SimSnapshot);
    for (const delta of this.deltas) replay.apply(delta);
    return replay.result();
  }

  private write(apply: () => void): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }));
    }
    if (!this.held) {
      apply();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.pending.push(() => (apply(), resolve())));
  }
}

function journaled(): { journal: RecordingJournal; h: ReturnType<typeof harness> } {
  const journal = new RecordingJournal();
  const h = harness({ durability: journal });
  return { journal, h };
}

/** What the exchange's own ledger says, in the snapshot's stored shapes, for comparing with a restored copy. */
function books(snapshot: SimSnapshot): unknown {
  return { orders: snapshot.orders, fills: snapshot.fills, cash: snapshot.cash, positions: snapshot.positions, ids: snapshot.ids };
}

describe('an exchange that writes ahead', () => {
  it('announces an order and its fill only once they are written, in the order they happened', async () => {
    const { journal, h } = journaled();
    await h.sim.checkpoint();
    journal.held = true;
    let answered = false;
    const submitted = h.submit({ side: 'buy', qty: d(10) }).then(() => {
      answered = true;
    });
    await flushMicrotasks();
    expect(answered).toBe(false);
    journal.release();
    await submitted;
    journal.held = true;
    h.settle(ACK + FILL + 5);
    await flushMicrotasks();
    expect(h.events()).toEqual([]);
    journal.release();
    await flushMicrotasks();
    expect(h.events()).toEqual(['new', 'fill']);
    expect(journal.deltas.flatMap((d) => d.fills.map((f) => f.executionId))).toEqual([h.updates[1]?.executionId]);
  });

  it('after a failed write announces nothing, says so, and writes everything on the retry', async () => {
    const { journal, h } = journaled();
    await h.sim.checkpoint();
    journal.failNext = true;
    const answered = h.submit({ side: 'buy', qty: d(10) });
    const order = await Promise.race([answered.then(() => 'answered'), flushMicrotasks().then(() => 'waiting')]);
    expect(order).toBe('waiting');
    expect(journal.failures).toHaveLength(1);
    h.clock.advance(100);
    await flushMicrotasks();
    h.settle(ACK + FILL + 5);
    await flushMicrotasks();
    expect(h.events()).toEqual(['new', 'fill']);
    expect((await answered).status).toBe('pending_new');
    expect(journal.restored().orders.map((o) => o.status)).toEqual(['filled']);
  });

  it('a whole snapshot moves orders finished longer than the retention to the archive; working ones stay, ids go on', async () => {
    const journal = new RecordingJournal();
    const h = harness({ durability: journal, retentionMs: 60_000 });
    await h.sim.checkpoint();
    const filled = await h.submit({ side: 'buy', qty: d(10) });
    const resting = await h.submit({ side: 'buy', qty: d(10), type: 'limit', limitPrice: d('90.00'), timeInForce: 'gtc' });
    h.settle(ACK + FILL + 5);
    await flushMicrotasks();
    h.clock.advance(61_000);
    await h.sim.checkpoint();
    expect(journal.archived.flatMap((a) => a.orders.map((o) => o.id))).toEqual([filled.id]);
    expect(journal.archived[0]?.fills.map((f) => f.orderId)).toEqual([filled.id]);
    expect(journal.snapshot?.orders.map((o) => o.id)).toEqual([resting.id]);
    expect(h.sim.ledger().orders.map((o) => o.id)).toEqual([resting.id]);
    const next = await h.submit({ side: 'buy', qty: d(10) });
    expect(next.id > resting.id).toBe(true);
  });
});

describe('the journal replayed onto its snapshot', () => {
  /** Random trading; at random moments a "crash": what the journal holds must be the exchange as announced. */
  it('gives back exactly the exchange that announced what it did, at every point', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ kind: fc.constantFrom('market', 'limit', 'cancel', 'move', 'snapshot'), side: fc.constantFrom('buy', 'sell'), qty: fc.integer({ min: 1, max: 900 }) }), {
          minLength: 5,
          maxLength: 40,
        }),
        async (steps) => {
          const journal = new RecordingJournal();
          const sim = createSimExchange({ clock: undefined, seed: 3, durability: journal, ackLatencyMs: 0, fillLatencyMs: 0, tickIntervalMs: 1_000_000 });
          await sim.checkpoint();
          let n = 0;
          for (const step of steps) {
            await act(sim, step, ++n);
            await sim.settled();
            expect(books(journal.restored())).toEqual(books(sim.snapshot()));
          }
          await sim.close();
        },
      ),
      { numRuns: 25 },
    );
  });
});

/** A refusal (too little buying power, say) is part of trading: it changes nothing at the exchange. */
function refusedIsFine(error: unknown): void {
  if (!(error instanceof BrokerError && error.kind === 'rejected')) throw error;
}

async function act(sim: SimExchange, step: { kind: string; side: 'buy' | 'sell'; qty: number }, n: number): Promise<void> {
  const quote = sim.getQuote('AAPL');
  if (quote === undefined) throw new Error('no AAPL');
  switch (step.kind) {
    case 'market':
      await sim.submitOrder({ symbol: 'AAPL', side: step.side, type: 'market', timeInForce: 'day', qty: d(step.qty), clientOrderId: `p-${n}` }).catch(refusedIsFine);
      break;
    case 'limit':
      await sim.submitOrder({
        symbol: 'AAPL',
        side: step.side,
        type: 'limit',
        timeInForce: 'gtc',
        qty: d(step.qty),
        limitPrice: step.side === 'buy' ? quote.bid.minus(1) : quote.ask.plus(1),
        clientOrderId: `p-${n}`,
      }).catch(refusedIsFine);
      break;
    case 'cancel': {
      const working = (await sim.listOrders({ status: 'open', limit: 500 }))[0];
      if (working !== undefined) await sim.cancelOrder(working.id).catch(() => undefined);
      break;
    }
    case 'move':
      setAapl(sim, quote.bid.minus(step.side === 'buy' ? 1 : -1).toFixed(2), quote.ask.minus(step.side === 'buy' ? 1 : -1).toFixed(2));
      break;
    case 'snapshot':
      await sim.checkpoint();
      break;
  }
  await new Promise((resolve) => setImmediate(resolve));
}
