import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { dec } from '../../src/domain/decimal.js';
import type { Order, ProtectiveRole } from '../../src/domain/order.js';
import { at, emit, freshStore, order, recordingActions, renderApp, tick } from './fixtures.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const SENT = at(10, 31, 2);

function timed(o: Order, timeoutMs: number): Order {
  return { ...o, timeoutAt: o.createdAt + timeoutMs };
}

describe('the orders pane', () => {
  it('counts down to each working order’s timeout next to its age, second by second', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let clock = SENT + 2_000;
    const store = freshStore();
    emit(
      store,
      { type: 'order', order: timed(order({ seq: 12, createdAt: SENT }), 60_000) },
      // GTC without a ttl works until cancelled: no countdown.
      { type: 'order', order: order({ seq: 13, createdAt: SENT, spec: { timeInForce: 'gtc' } }) },
    );
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 200, rows: 60 }, now: () => clock });
    await app.resize({ columns: 200, rows: 60 });
    expect(app.frame()).toMatch(/#12 10:31:02 BUY\s+10 AAPL LMT 187\.00 DAY 0\/10\s+new\s+2s ttl 58s man\s+│/);
    expect(app.frame()).toMatch(/#13 10:31:02 BUY\s+10 AAPL LMT 187\.00 GTC 0\/10\s+new\s+2s\s+man\s+│/);
    clock += 1_000;
    vi.advanceTimersByTime(1_000);
    await tick();
    expect(app.frame()).toMatch(/new\s+3s ttl 57s/);
  });

  it('shows filled against ordered and the average fill price, working or done', async () => {
    const store = freshStore();
    emit(
      store,
      { type: 'order', order: order({ seq: 10, createdAt: SENT, spec: { symbol: 'MSFT', side: 'sell', qty: dec(3), limitPrice: dec('415.00') }, filled: '1', fillPrice: '415.05' }) },
      { type: 'order', order: order({ seq: 11, createdAt: SENT, spec: { symbol: 'MSFT', side: 'sell', type: 'market', qty: dec(5) }, filled: '5', fillPrice: '412.1' }) },
    );
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 100, rows: 30 }, now: () => SENT + 5_000 });
    expect(app.frame()).toMatch(/#10 SELL 3 MSFT LMT 415\.00 1\/3 partial @ 415\.05 5s\s+│/);
    expect(app.frame()).toMatch(/#11 SELL 5 MSFT MKT\s+5\/5 filled\s+@ 412\.10\s+│/);
  });

  it('leaves out the average and the countdown columns while no row has one', async () => {
    const store = freshStore();
    emit(store, { type: 'order', order: order({ seq: 12, createdAt: SENT }) });
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 100, rows: 30 }, now: () => SENT + 1_000 });
    // With room to spare the time sent and the type come back.
    expect(app.frame()).toMatch(/#12 10:31:02 BUY\s+10 AAPL LMT 187\.00 DAY 0\/10 new 1s/);
  });

  it('keeps the countdown over the age when the pane is narrow', async () => {
    const store = freshStore();
    emit(store, { type: 'order', order: timed(order({ seq: 12, createdAt: SENT }), 30_000) });
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 80, rows: 20 }, now: () => SENT + 10_000 });
    const row = app.lines().find((line) => line.includes('#12')) ?? '';
    expect(row).toMatch(/#12 BUY\s+10 AAPL 187\.00 0\/10 new ttl 20s\s+│/);
    expect(row).not.toContain('10s');
  });
});

/** A leg of bracket `parent`, as the core books it: the broker's id, its role, the parent's row. */
function leg(o: Order, parent: Order, role: ProtectiveRole, held = false): Order {
  return { ...o, clientOrderId: `leg-${o.seq}`, orderClass: 'bracket', source: parent.source, role, parentClientOrderId: parent.clientOrderId, ...(held && { status: 'held' }) };
}

describe('who placed an order and its class', () => {
  const entry = { ...order({ seq: 12, createdAt: SENT, filled: '10' }), orderClass: 'bracket', source: 'smacross12' } as const;
  const takeProfit = leg(order({ seq: 13, createdAt: SENT, spec: { side: 'sell', limitPrice: dec('195.00'), timeInForce: 'gtc' } }), entry, 'take_profit');
  const stopLoss = leg(
    order({ seq: 14, createdAt: SENT, accepted: false, spec: { side: 'sell', type: 'stop', limitPrice: undefined, stopPrice: dec('182.00'), timeInForce: 'gtc' } }),
    entry,
    'stop_loss',
    true,
  );
  const emitBracket = () => {
    const store = freshStore();
    emit(store, { type: 'order', order: entry }, { type: 'order', order: takeProfit }, { type: 'order', order: stopLoss });
    return store;
  };

  it('shows a bracket as one group: the entry’s class, each leg’s role and its parent’s row, a waiting leg as held', async () => {
    const app = await renderApp(emitBracket(), recordingActions(freshStore()).actions, { size: { columns: 200, rows: 40 }, now: () => SENT + 1_000 });
    const frame = app.frame();
    expect(frame).toMatch(/#12 10:31:02 BUY\s+10 AAPL LMT bkt\s+187\.00 DAY 10\/10 filled\s+@ 187\.00/);
    expect(frame).toMatch(/#13 10:31:02 SELL\s+10 AAPL LMT tp#12 195\.00 GTC 0\/10\s+new/);
    expect(frame).toMatch(/#14 10:31:02 SELL\s+10 AAPL STP sl#12 182\.00 GTC 0\/10\s+held/);
  });

  it('names the strategy that placed an order, cut to the column, and the trader’s own orders as man', async () => {
    const store = freshStore();
    const external = { ...order({ seq: 15, createdAt: SENT }), source: 'external' };
    emit(store, { type: 'order', order: entry }, { type: 'order', order: order({ seq: 16, createdAt: SENT }) }, { type: 'order', order: external });
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 200, rows: 40 }, now: () => SENT + 1_000 });
    const row = (seq: number): string => app.lines().find((line) => line.includes(`│ #${seq} `)) ?? '';
    expect(row(12)).toMatch(/ smacr… +│/);
    expect(row(16)).toMatch(/ man +│/);
    expect(row(15)).toMatch(/ ext +│/);
  });

  it('at 80 columns keeps the class and role over the type, and lets who placed it give way first', async () => {
    const app = await renderApp(emitBracket(), recordingActions(freshStore()).actions, { size: { columns: 80, rows: 20 }, now: () => SENT + 1_000 });
    const row = (seq: number): string => app.lines().find((line) => line.includes(`│ #${seq} `)) ?? '';
    expect(row(12)).toMatch(/#12 BUY\s+10 AAPL bkt\s+187\.00 10\/10 filled\s+│/);
    expect(row(13)).toMatch(/#13 SELL 10 AAPL tp#12 195\.00 0\/10\s+new\s+│/);
    expect(row(14)).toMatch(/#14 SELL 10 AAPL sl#12 182\.00 0\/10\s+held\s+│/);
    expect(row(12)).not.toContain('smacr');
  });
});
