import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { wholePortfolio } from '../../src/domain/portfolio.js';
import type { CoreEvent } from '../../src/core/events.js';
import type { ConsoleStore } from '../../store/console-store.js';
import { account, emit, freshStore, portfolio, quote, recordingActions, renderApp, tick, trade } from './fixtures.js';

afterEach(() => cleanup());

const OPEN = Date.parse('2026-01-05T15:00:00Z');

function aaplAt(last: number, second: number): CoreEvent {
  const q = quote('AAPL', (last - 0.01).toFixed(2), (last + 0.01).toFixed(2), last.toFixed(2), '185.00');
  return { type: 'quote', quote: { ...q, timestamp: new Date(OPEN + second * 1000).toISOString() } };
}

/** 100 AAPL held through twenty seconds in which the price falls 2.00 and recovers 1.00. */
function session(store: ConsoleStore): void {
  emit(
    store,
    { type: 'connection', state: { rest: 'ok', stream: 'ok' } },
    { type: 'clock', clock: { timestamp: new Date(OPEN).toISOString(), isOpen: true } },
    { type: 'portfolio', change: wholePortfolio(portfolio('100000.00', trade('AAPL', 'buy', 100, '187.00'))) },
    { type: 'account', account: account('100000.00', '181300.00', '100000.00') },
  );
  for (let s = 0; s <= 20; s++) emit(store, aaplAt(s <= 10 ? 187 - s * 0.2 : 185 + (s - 10) * 0.1, s));
}

const SPARK = /[▁-█]+/;

describe('the status bar', () => {
  it('says equity and day P&L are estimates while a held position has no price yet', async () => {
    const store = freshStore();
    emit(
      store,
      { type: 'connection', state: { rest: 'ok', stream: 'ok' } },
      { type: 'portfolio', change: wholePortfolio(portfolio('100000.00', trade('AAPL', 'buy', 100, '187.00'))) },
      { type: 'account', account: account('100000.00', '181300.00', '100000.00') },
    );
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 100, rows: 30 } });
    // AAPL counts at what it cost (18,700), so equity is the starting 100,000 — an estimate.
    expect(app.lines()[0] ?? '').toMatch(/equity ≈ 100,000\.00 {2}bp 181,300\.00 {2}day ≈ 0\.00$/);
    emit(store, aaplAt(186, 0));
    await tick();
    expect(app.lines()[0] ?? '').toMatch(/equity 99,900\.00 {2}bp 181,300\.00 {2}day -100\.00$/);
  });

  it('draws the session’s equity after the figure at 100×30, red for a session that is down', async () => {
    const store = freshStore();
    session(store);
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 100, rows: 30 } });
    const status = app.lines()[0] ?? '';
    // 100,000 − 18,700 + 100 × 186.00
    expect(status).toMatch(/^ {2}SIM {3}● stream ok {2}● rest ok {2}clock: open +equity 99,900\.00 [▁-█]{6,} {2}bp 181,300\.00 {2}day -100\.00$/);
    const spark = status.match(SPARK)?.[0] ?? '';
    expect(spark.at(0)).toBe('█');
    expect(spark).toContain('▁');
    // Right-aligned to one space inside the edge (Ink drops the trailing space).
    expect(status).toHaveLength(99);
  });

  it('fits one line at 80×20, giving up the sparkline and the clock before any money', async () => {
    const store = freshStore();
    session(store);
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 80, rows: 20 } });
    const status = app.lines()[0] ?? '';
    expect(status).toHaveLength(79);
    expect(status).toMatch(/SIM.*● stream ok.*● rest ok.*equity 99,900\.00 {2}bp 181,300\.00 {2}day -100\.00$/);
    expect(status).not.toContain('clock');
    expect(status).not.toMatch(SPARK);
    expect(app.lines()).toHaveLength(19);
  });

  it('gives the sparkline more room at 200×60', async () => {
    const store = freshStore();
    session(store);
    const app = await renderApp(store, recordingActions(store).actions);
    await app.resize({ columns: 200, rows: 60 });
    const status = app.lines()[0] ?? '';
    expect(status).toMatch(/^ BLOTTER {3}SIM {3}● stream ok/);
    // One bar per second sampled.
    expect(status.match(SPARK)?.[0]).toHaveLength(21);
  });

  it('shows LIVE and HALTED as badges a trader cannot miss', async () => {
    const store = freshStore('live');
    session(store);
    emit(store, { type: 'trading', status: { state: 'halted', reason: 'circuit breaker' } });
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 100, rows: 30 } });
    expect(app.lines()[0]).toMatch(/^ {2}LIVE {4}HALTED {3}● stream ok {2}● rest ok +equity 99,900\.00 {2}bp/);
  });

  it('marks a failing save at 80×20 with the money still whole, and clears the mark once a save succeeds', async () => {
    const store = freshStore();
    session(store);
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 80, rows: 20 } });
    expect(app.lines()[0]).not.toMatch(/SAV/);
    emit(store, { type: 'store', status: { state: 'failing', problem: 'ENOSPC: no space left on device' } });
    await tick();
    expect(app.lines()[0]).toMatch(/^ {2}SIM {4}SAVE FAILING {3}● stream.*equity 99,900\.00 {2}day -100\.00$/);
    emit(store, { type: 'store', status: { state: 'ok' } });
    await tick();
    expect(app.lines()[0]).toMatch(/^ {2}SIM {3}● stream ok {2}● rest ok +equity 99,900\.00 {2}bp 181,300\.00 {2}day -100\.00$/);
  });

  it('shows NOT SAVING beside HALTED when another Blotter took the profile, and what is wrong with the books', async () => {
    const store = freshStore();
    session(store);
    emit(
      store,
      { type: 'trading', status: { state: 'halted', reason: 'another process took over the store: quit and restart Blotter' } },
      { type: 'store', status: { state: 'lost', problem: 'the lock was taken' } },
      { type: 'books', status: { adjustments: 0, unknownFills: 1, unbalanced: [] } },
    );
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 120, rows: 30 } });
    expect(app.lines()[0]).toMatch(/^ {2}SIM {4}HALTED {3}NOT SAVING {3}BOOKS: 1 unknown fill {3}● stream ok {2}● rest ok .*day -100\.00$/);
  });
});
