import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { wholePortfolio } from '../../src/domain/portfolio.js';
import { emit, freshStore, portfolio, quote, recordingActions, renderApp, trade } from './fixtures.js';

afterEach(() => cleanup());

describe('the positions pane', () => {
  it('shows quantity, average cost, last, unrealized and realized P&L, and totals at 200×60', async () => {
    const store = freshStore();
    emit(
      store,
      {
        type: 'portfolio',
        change: wholePortfolio(
          portfolio(
            '100000.00',
            trade('AAPL', 'buy', 20, '186.10'),
            trade('AAPL', 'sell', 5, '188.10'),
            trade('TSLA', 'buy', 5, '240.00'),
            trade('TSLA', 'sell', 5, '250.00'),
            trade('NVDA', 'sell', 10, '135.00'),
          ),
        ),
      },
      { type: 'quote', quote: quote('AAPL', '187.40', '187.44', '187.42', '185.93') },
    );
    const app = await renderApp(store, recordingActions(store).actions);
    await app.resize({ columns: 200, rows: 60 });
    const frame = app.frame();
    // 15 left at 186.10, marked at 187.42; 5 sold 2.00 above the average.
    expect(frame).toMatch(/│ AAPL\s+\+15\s+avg 186\.10\s+last 187\.42\s+upl \+19\.80\s+rpl \+10\.00\s+│/);
    // A short without a quote: no price, so no P&L is guessed.
    expect(frame).toMatch(/│ NVDA\s+-10\s+avg 135\.00\s+last —\s+upl —\s+rpl 0\.00\s+│/);
    // TSLA is flat: its realized +50 shows only in the totals. NVDA's unknown P&L makes the total's unknown.
    expect(frame).not.toMatch(/│ TSLA/);
    expect(frame).toMatch(/│ total\s+upl —\s+rpl \+60\.00\s+│/);
    emit(store, { type: 'quote', quote: quote('NVDA', '135.50', '135.60', '135.55') });
    await new Promise((resolve) => setTimeout(resolve, 0));
    // 10 short at 135.00, marked at 135.55: −5.50.
    expect(app.frame()).toMatch(/│ total\s+upl \+14\.30\s+rpl \+60\.00\s+│/);
  });

  it('marks a position at the mid of bid and ask, so labelled, before the symbol has traded', async () => {
    const store = freshStore();
    emit(
      store,
      { type: 'portfolio', change: wholePortfolio(portfolio('100000.00', trade('AAPL', 'buy', 10, '186.00'))) },
      { type: 'quote', quote: quote('AAPL', '187.40', '187.44') },
    );
    const app = await renderApp(store, recordingActions(store).actions);
    await app.resize({ columns: 200, rows: 60 });
    // 10 at 186.00, marked at 187.42.
    expect(app.frame()).toMatch(/│ AAPL\s+\+10\s+avg 186\.00\s+mid 187\.42\s+upl \+14\.20\s+rpl 0\.00\s+│/);
    expect(app.frame()).toMatch(/│ total\s+upl \+14\.20/);
  });

  it('shows as many positions as fit, keeps the totals line, and totals every position', async () => {
    const store = freshStore();
    const symbols = Array.from({ length: 30 }, (_, i) => `P${String(i).padStart(2, '0')}`);
    emit(
      store,
      { type: 'portfolio', change: wholePortfolio(portfolio('100000.00', ...symbols.map((s) => trade(s, 'buy', 1, '10.00')))) },
      ...symbols.map((s) => ({ type: 'quote', quote: quote(s, '10.99', '11.01', '11.00', '10.00') }) as const),
    );
    const app = await renderApp(store, recordingActions(store).actions, { size: { columns: 100, rows: 30 } });
    const frame = app.frame();
    expect(frame).toContain('Positions · 9 of 30');
    expect(frame).toContain('│ P08');
    expect(frame).not.toContain('│ P09');
    expect(frame).toMatch(/│ total\s+upl \+30\.00/);
    expect(app.lines()).toHaveLength(29);
  });
});
