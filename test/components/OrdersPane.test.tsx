import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { dec } from '../../src/domain/decimal.js';
import type { Order } from '../../src/domain/order.js';
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
    expect(app.frame()).toMatch(/#12 10:31:02 BUY\s+10 AAPL LMT 187\.00 DAY 0\/10\s+new\s+2s ttl 58s/);
    expect(app.frame()).toMatch(/#13 10:31:02 BUY\s+10 AAPL LMT 187\.00 GTC 0\/10\s+new\s+2s\s+│/);
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
