import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { dec } from '../../src/domain/decimal.js';
import type { CoreEvent } from '../../src/core/events.js';
import type { ConsoleStore } from '../../store/console-store.js';
import { markStaleQuotes, QUOTE_STALE_AFTER_MS } from '../../store/quote-staleness.js';
import { quoteCells } from '../../components/cells.js';
import { emit, freshStore, quote, recordingActions, renderApp } from './fixtures.js';

afterEach(() => cleanup());

const OPEN = Date.parse('2026-01-05T15:00:00Z');

/** A quote `second`s into the session, bid and ask a cent around `last`. */
function tick(symbol: string, last: number, second: number, prevClose?: string): CoreEvent {
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

  it('leaves the change blank without a previous close, and shows a symbol with no quote as such', async () => {
    const store = freshStore();
    session(store);
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 100, rows: 30 } });
    // No base to measure the day's change from: nothing rather than a change from another base.
    expect(app.frame()).toMatch(/│ GOOGL 170\.54 x 170\.56\s+█[▁-█]*▁/);
    expect(app.frame()).not.toMatch(/GOOGL.*%/);
    expect(app.frame()).toMatch(/│ NVDA\s+— no quote\s+│/);
    expect(quoteCells('NVDA', undefined, undefined, 'live').quote?.dim).toBe(true);
  });

  it('shows a quote older than the staleness limit grey and marked stale, and live again on a fresh one', async () => {
    const store = freshStore();
    session(store);
    // The last quotes were at 29 s.
    store.setState(markStaleQuotes(store.getState(), OPEN + 29_000 + QUOTE_STALE_AFTER_MS + 1), true);
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 100, rows: 30 } });
    expect(app.frame()).toMatch(/│ AAPL\s+189\.89 x 189\.91\s+stale [▁-█]{5,}\s*│/);
    expect(app.frame()).not.toMatch(/AAPL.*%/);
    const cells = quoteCells('AAPL', store.getState().quotes.AAPL, undefined, 'stale');
    expect([cells.quote?.color, cells.change?.text]).toEqual(['gray', 'stale']);
    emit(store, tick('AAPL', 190, 45, '185.00'));
    store.setState(markStaleQuotes(store.getState(), OPEN + 45_500), true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(app.frame()).toMatch(/│ AAPL\s+189\.99 x 190\.01\s+\+2\.7%/);
    expect(app.frame()).toMatch(/│ GOOGL .*stale/);
  });

  it('says closed rather than stale, dimmed, while the market clock says the market is closed', async () => {
    const store = freshStore();
    session(store);
    emit(store, { type: 'clock', clock: { timestamp: '2026-01-05T22:00:00Z', isOpen: false, nextOpen: '2026-01-06T14:30:00Z' } });
    store.setState(markStaleQuotes(store.getState(), OPEN + 29_000 + QUOTE_STALE_AFTER_MS + 1), true);
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 100, rows: 30 } });
    expect(app.frame()).toMatch(/│ AAPL\s+189\.89 x 189\.91\s+closed [▁-█]{5,}\s*│/);
    expect(app.frame()).not.toMatch(/stale/);
    const cells = quoteCells('AAPL', store.getState().quotes.AAPL, undefined, 'closed');
    expect([cells.change?.text, cells.change?.color]).toEqual(['closed', 'gray']);
  });

  it('shows a quote with no trade yet without a last price, and an empty side as —', async () => {
    const store = freshStore();
    emit(
      store,
      { type: 'watchlist', symbols: ['AAPL', 'KO'] },
      { type: 'quote', quote: quote('AAPL', '187.40', '187.44', undefined, '185.00') },
      { type: 'quote', quote: { ...quote('KO', '0', '0', '60.10', '60.00'), bid: dec(0) } },
    );
    const app = await renderApp(store, recordingActions(store).actions);
    await app.resize({ columns: 200, rows: 60 });
    expect(app.frame()).toMatch(/│ AAPL\s+187\.40 x 187\.44\s+—\s/);
    expect(app.frame()).not.toMatch(/AAPL.*%/);
    expect(app.frame()).toMatch(/│ KO\s+— x —\s+60\.10\s+\+0\.2%/);
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
