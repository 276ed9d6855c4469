import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { dec } from '../../src/domain/decimal.js';
import { wholePortfolio } from '../../src/domain/portfolio.js';
import {
  account,
  at,
  emit,
  freshStore,
  logEntry,
  order,
  portfolio,
  quote,
  recordingActions,
  renderApp,
  trade,
} from './fixtures.js';
import type { ConsoleStore } from '../../store/console-store.js';
import type { CoreEvent } from '../../src/core/events.js';

afterEach(() => cleanup());

const NOW = at(10, 32, 0);
const now = (): number => NOW;

/** A small trading morning: two quotes, three working orders, two finished, two positions, a log. */
function morning(store: ConsoleStore): void {
  emit(
    store,
    { type: 'connection', state: { rest: 'ok', stream: 'ok' } },
    { type: 'clock', clock: { timestamp: '2026-01-05T15:32:00Z', isOpen: true } },
    { type: 'watchlist', symbols: ['AAPL', 'MSFT'] },
    { type: 'quote', quote: quote('AAPL', '187.42', '187.44', '187.42', '185.93') },
    { type: 'quote', quote: quote('MSFT', '412.10', '412.16', '412.10', '412.92') },
    { type: 'order', order: order({ seq: 10, createdAt: at(10, 29, 0), spec: { symbol: 'MSFT', side: 'sell', qty: dec(3), limitPrice: dec('415.00') }, filled: '1', fillPrice: '415.00' }) },
    { type: 'order', order: order({ seq: 11, createdAt: at(10, 30, 40), spec: { symbol: 'MSFT', side: 'sell', type: 'market', qty: dec(5) }, filled: '5', fillPrice: '412.10' }) },
    { type: 'order', order: order({ seq: 12, createdAt: at(10, 31, 2) }) },
    { type: 'order', order: order({ seq: 13, createdAt: at(10, 31, 30), spec: { symbol: 'NVDA', notional: dec(500), qty: undefined, type: 'market' }, accepted: false }) },
    { type: 'order', order: order({ seq: 9, createdAt: at(10, 20, 0), canceled: true }) },
    {
      type: 'portfolio',
      change: wholePortfolio(portfolio('100000.00', trade('AAPL', 'buy', 20, '186.10'), trade('TSLA', 'buy', 5, '240.00'), trade('TSLA', 'sell', 5, '250.00'), trade('MSFT', 'sell', 5, '412.10'))),
    },
    { type: 'account', account: account('100412.50', '187220.00', '100000.00') },
    logEntry(at(10, 31, 5), 'warn', 'submit #13 503, retry 2/5 in 0.4s'),
    logEntry(at(10, 31, 6), 'info', 'filled #11 SELL 5 MSFT @ 412.10'),
  );
}

describe('the console at 100×30', () => {
  const size = { columns: 100, rows: 30 };

  it('shows the status bar: badge, health, clock, equity, buying power and day P&L', async () => {
    const store = freshStore();
    morning(store);
    const app = await renderApp(store, recordingActions(store).actions, { size, now });
    const status = app.lines()[0] ?? '';
    expect(status).toContain('SIM');
    expect(status).toContain('● stream ok');
    expect(status).toContain('● rest ok');
    // cash 98,388.50 + 20 AAPL @ 187.42 − 5 MSFT short @ 412.10 = 100,076.40, against 100,000 at the close
    expect(status).toContain('equity 100,076.40');
    expect(status).toContain('bp 187,220.00');
    expect(status).toMatch(/day \+76\.40$/);
  });

  it('shows each watched symbol with bid x ask and the change on the previous close', async () => {
    const store = freshStore();
    morning(store);
    const app = await renderApp(store, recordingActions(store).actions, { size, now });
    expect(app.frame()).toMatch(/│ AAPL\s+187\.42 x 187\.44\s+\+0\.8%/);
    expect(app.frame()).toMatch(/MSFT\s+412\.10 x 412\.16\s+-0\.2%/);
  });

  it('lists working orders first with fill, status, average fill and age, then finished ones', async () => {
    const store = freshStore();
    morning(store);
    const app = await renderApp(store, recordingActions(store).actions, { size, now });
    const frame = app.frame();
    expect(frame).toContain('Orders (3 open)');
    // At 100 columns the time in force, the time sent and the type give way.
    expect(frame).toMatch(/#12 BUY\s+10 AAPL 187\.00 0\/10\s+new\s+58s/);
    expect(frame).toMatch(/#10 SELL\s+3 MSFT 415\.00 1\/3\s+partial\s+@ 415\.00\s+3m00s/);
    expect(frame).toMatch(/#13 BUY\s+\$500 NVDA\s+0\/\$500\s+pending\s+30s/);
    expect(frame).toMatch(/#11 SELL\s+5 MSFT\s+5\/5\s+filled\s+@ 412\.10/);
    expect(frame).toMatch(/#9 +BUY\s+10 AAPL 187\.00 0\/10\s+canceled/);
    const order = ['#13', '#12', '#10', '#11', '#9'].map((seq) => frame.indexOf(`${seq} `));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('shows open positions with average, last and P&L, and a totals line', async () => {
    const store = freshStore();
    morning(store);
    const app = await renderApp(store, recordingActions(store).actions, { size, now });
    const frame = app.frame();
    expect(frame).toMatch(/AAPL\s+\+20\s+avg 186\.10\s+last 187\.42\s+upl \+26\.40/);
    expect(frame).toMatch(/MSFT\s+-5\s+avg 412\.10\s+last 412\.10\s+upl 0\.00/);
    expect(frame).not.toMatch(/TSLA\s+0/);
    // TSLA's round trip realized +50 and is flat, so it only shows in the totals.
    expect(frame).toMatch(/total\s+upl \+26\.40/);
  });

  it('shows the log with the newest line at the bottom', async () => {
    const store = freshStore();
    morning(store);
    const app = await renderApp(store, recordingActions(store).actions, { size, now });
    const frame = app.frame();
    // Too long for a 46-column pane: cut, and visibly so.
    expect(frame).toMatch(/10:31:05 WARN\s+submit #13 503, retry 2\/5 in 0… │/);
    expect(frame.indexOf('retry 2/5')).toBeLessThan(frame.indexOf('filled #11'));
  });

  it('keeps the frame one line shorter than the terminal', async () => {
    const store = freshStore();
    morning(store);
    const app = await renderApp(store, recordingActions(store).actions, { size, now });
    expect(app.lines()).toHaveLength(29);
    expect(app.lines().at(-1)).toContain('? help');
    for (const line of app.lines()) expect(line.length).toBeLessThanOrEqual(100);
  });
});

describe('the console at 200×60', () => {
  it('reflows to the terminal it is given and shows the same data', async () => {
    const store = freshStore();
    morning(store);
    const app = await renderApp(store, recordingActions(store).actions, { now });
    await app.resize({ columns: 200, rows: 60 });
    const lines = app.lines();
    expect(lines).toHaveLength(59);
    expect(Math.max(...lines.map((l) => l.length))).toBe(200);
    const frame = app.frame();
    expect(frame).toMatch(/equity 100,076\.40\s+bp 187,220\.00\s+day \+76\.40$/m);
    expect(frame).toContain('clock: open');
    expect(frame).toMatch(/AAPL\s+187\.42 x 187\.44\s+187\.42\s+\+0\.8%/);
    expect(frame).toMatch(/#12 10:31:02 BUY\s+10 AAPL LMT 187\.00 DAY 0\/10\s+new\s+58s/);
    expect(frame).toMatch(/#10 10:29:00 SELL\s+3 MSFT LMT 415\.00 DAY 1\/3\s+partial\s+@ 415\.00\s+3m00s/);
    expect(frame).toMatch(/AAPL\s+\+20\s+avg 186\.10\s+last 187\.42\s+upl \+26\.40\s+rpl 0\.00/);
    expect(frame).toMatch(/total\s+upl \+26\.40\s+rpl \+50\.00/);
    expect(frame).toMatch(/10:31:05 WARN\s+submit #13 503, retry 2\/5 in 0\.4s\s+│/);
  });
});

describe('frame height', () => {
  function flood(store: ConsoleStore): void {
    const events: CoreEvent[] = [];
    for (let seq = 1; seq <= 500; seq++) {
      const createdAt = at(9, 30, 0) + seq * 1000;
      events.push({ type: 'order', order: order({ seq, createdAt, filled: seq % 3 === 0 ? '10' : undefined }) });
    }
    for (let i = 0; i < 300; i++) events.push(logEntry(at(9, 30, 0) + i, i % 7 === 0 ? 'error' : 'info', `line ${i}`));
    const symbols = Array.from({ length: 60 }, (_, i) => `S${String.fromCharCode(65 + (i % 26))}${i}`);
    events.push({ type: 'watchlist', symbols });
    emit(store, ...events);
  }

  it.each([
    [80, 20],
    [100, 30],
    [200, 60],
    [120, 24],
  ])('stays within rows − 1 at %i×%i with 500 orders and 300 log lines', async (columns, rows) => {
    const store = freshStore();
    flood(store);
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns, rows }, now });
    expect(app.lines()).toHaveLength(rows - 1);
    expect(app.frame()).toContain(`Orders (334 open)`);
    // The pane says it is windowed, and shows the newest working order first.
    expect(app.frame()).toMatch(/of 500/);
    expect(app.frame()).toContain('#500');
    // Newest log line is on screen; the oldest kept one is not.
    expect(app.frame()).toContain('line 299');
    expect(app.frame()).not.toContain('line 100 ');
  });

  it('stays within the new height when the terminal shrinks', async () => {
    const store = freshStore();
    flood(store);
    const app = await renderApp(store, recordingActions(store).actions, { now });
    await app.resize({ columns: 120, rows: 40 });
    expect(app.lines()).toHaveLength(39);
    await app.resize({ columns: 90, rows: 22 });
    expect(app.lines()).toHaveLength(21);
    for (const line of app.lines()) expect(line.length).toBeLessThanOrEqual(90);
  });

  it('shows one clear line instead of a broken frame below the minimum size', async () => {
    const store = freshStore();
    morning(store);
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 60, rows: 15 }, now });
    expect(app.lines()).toEqual(['Blotter needs at least 80×20; this terminal is 60×15']);
  });

  it('goes back to the console when the terminal grows again, keeping what was typed', async () => {
    const store = freshStore();
    morning(store);
    const app = await renderApp(store, recordingActions(store).actions, { now });
    await app.resize({ columns: 70, rows: 30 });
    expect(app.frame()).toContain('this terminal is 70×30');
    await app.type('buy 1 AAPL');
    await app.resize({ columns: 100, rows: 30 });
    expect(app.frame()).toContain('> buy 1 AAPL');
    expect(app.lines()).toHaveLength(29);
  });
});

describe('live updates', () => {
  it('redraws when the store changes', async () => {
    const store = freshStore();
    morning(store);
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 100, rows: 30 }, now });
    expect(app.frame()).toContain('Orders (3 open)');
    emit(store, { type: 'order', order: order({ seq: 12, createdAt: at(10, 31, 2), filled: '10' }) });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(app.frame()).toContain('Orders (2 open)');
    expect(app.frame()).toMatch(/#12 BUY\s+10 AAPL 187\.00 10\/10\s+filled\s+@ 187\.00\s+│/);
  });

  it('renders and updates without React warnings (unstable selectors, duplicate keys)', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const store = freshStore();
      morning(store);
      emit(store, { type: 'watchlist', symbols: ['AAPL', 'MSFT', 'AAPL'] });
      const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 100, rows: 30 }, now });
      for (let i = 0; i < 5; i++) {
        emit(store, { type: 'quote', quote: quote('AAPL', `187.4${i}`, '187.50', `187.4${i}`, '185.93') }, logEntry(at(10, 40, i), 'info', `tick ${i}`));
        await app.type(String(i));
      }
      expect(app.frame()).toMatch(/│ AAPL\s+187\.44 x 187\.50/);
      expect(app.frame().match(/│ AAPL\s+187\.4\d x/g)).toHaveLength(1);
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });

  it('merges repeated log lines into one with a count', async () => {
    const store = freshStore();
    emit(store, ...[1, 2, 3].map((s) => logEntry(at(10, 0, s), 'warn', 'stream reconnecting')));
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 100, rows: 30 }, now });
    expect(app.frame()).toMatch(/10:00:03 WARN\s+stream reconnecting \(×3\)/);
    expect(app.frame().match(/stream reconnecting/g)).toHaveLength(1);
  });
});
