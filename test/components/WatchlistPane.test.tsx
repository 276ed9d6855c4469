import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { CoreEvent } from '../../src/core/events.js';
import type { ConsoleStore } from '../../store/console-store.js';
import { emit, freshStore, quote, recordingActions, renderApp } from './fixtures.js';

afterEach(() => cleanup());

const OPEN = Date.parse('2026-01-05T15:00:00Z');

/** A quote `second`s into the session, bid and ask a cent around `last`. */
function tick(symbol: string, last: number, second: number, prevClose = '0'): CoreEvent {
  const q = quote(symbol, (last - 0.01).toFixed(2), (last + 0.01).toFixed(2), last.toFixed(2), prevClose);
  return { type: 'quote', quote: { ...q, timestamp: new Date(OPEN + second * 1000).toISOString() } };
}

/** AAPL climbs for half a minute with a previous close; GOOGL slides with none; NVDA has no quote. */
function session(store: ConsoleStore): void {
  emit(store, { type: 'watchlist', symbols: ['AAPL', 'GOOGL', 'NVDA'] });
  for (let s = 0; s < 30; s++) emit(store, tick('AAPL', 187 + s * 0.1, s, '185.00'), tick('GOOGL', 172 - s * 0.05, s));
}

describe('the watchlist', () => {
  it('shows bid x ask, the change on the previous close, and a rising sparkline at 100×30', async () => {
    const store = freshStore();
    session(store);
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 100, rows: 30 } });
    const aapl = app.lines().find((line) => line.startsWith('│ AAPL')) ?? '';
    // 189.90 against the close of 185.00.
    expect(aapl).toMatch(/│ AAPL\s+189\.89 x 189\.91\s+\+2\.6% [▁-█]{5,}\s*│/);
    const spark = aapl.match(/[▁-█]+/)?.[0] ?? '';
    expect(spark.at(0)).toBe('▁');
    expect(spark.at(-1)).toBe('█');
  });

  it('measures the change from the first price seen when the broker gives no close', async () => {
    const store = freshStore();
    session(store);
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 100, rows: 30 } });
    // 170.55 against the first 172.00 of the session.
    expect(app.frame()).toMatch(/│ GOOGL 170\.54 x 170\.56\s+-0\.8% █[▁-█]*▁/);
    expect(app.frame()).toMatch(/│ NVDA\s+—\s+│/);
  });

  it('adds the last price at 200×60 and keeps the sparkline', async () => {
    const store = freshStore();
    session(store);
    const app = await renderApp(store, recordingActions(store).actions);
    await app.resize({ columns: 200, rows: 60 });
    expect(app.frame()).toMatch(/│ AAPL\s+189\.89 x 189\.91\s+189\.90\s+\+2\.6% [▁-█]{10,}/);
  });

  it('lets the sparkline give way at 80×20 before bid x ask and the change', async () => {
    const store = freshStore();
    session(store);
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 80, rows: 20 } });
    const aapl = app.lines().find((line) => line.startsWith('│ AAPL')) ?? '';
    expect(aapl).toMatch(/│ AAPL\s+189\.89 x 189\.91\s+\+2\.6%\s+│/);
    expect(aapl).not.toMatch(/[▁-█]/);
  });

  it('shows only as many symbols as the pane has rows, and says how many there are', async () => {
    const store = freshStore();
    const symbols = Array.from({ length: 20 }, (_, i) => `S${String(i).padStart(2, '0')}`);
    emit(store, { type: 'watchlist', symbols }, ...symbols.map((symbol, i) => tick(symbol, 10 + i, 0)));
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 100, rows: 30 } });
    expect(app.frame()).toContain('Watchlist · 8 of 20');
    expect(app.frame()).toContain('│ S07');
    expect(app.frame()).not.toContain('│ S08');
    expect(app.lines()).toHaveLength(29);
  });
});
