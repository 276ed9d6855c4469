import './force-color.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { dec } from '../../src/domain/decimal.js';
import { freshStore, strategy } from './fixtures.js';
import { consoleActions, KEY, renderConsole, tradingDay } from './keyboard-fixtures.js';

afterEach(() => cleanup());

async function day(options: { confirmAbove?: string; size?: { columns: number; rows: number } } = {}) {
  const store = freshStore();
  tradingDay(store);
  const record = consoleActions(store, options);
  const screen = await renderConsole(store, record.actions, { size: options.size ?? { columns: 100, rows: 30 } });
  return { store, record, screen };
}

describe('orders pane actions', () => {
  it('c cancels the selected order by sending cancel #N, with no question asked', async () => {
    const { record, screen } = await day();
    await screen.press(KEY.tab, '2', 'j', 'c');
    expect(record.sent).toEqual(['cancel #11']);
    expect(screen.commandRow()).toContain('done: cancel #11');
  });

  it('c on a finished order says why nothing is sent', async () => {
    const { record, screen } = await day();
    await screen.press(KEY.tab, '2', 'G', 'c');
    expect(record.sent).toEqual([]);
    expect(screen.commandRow()).toContain('#9 is filled: only a working order can be cancelled');
  });

  it('r puts a replace of the selected order on the command line, to edit and send', async () => {
    const { record, screen } = await day();
    await screen.press(KEY.tab, '2', 'r');
    expect(screen.commandRow()).toMatch(/^ > replace #12 @ 187\.00 /);
    expect(screen.commandRow()).toContain('REPLACE #12 → LIMIT 187.00');
    await screen.type('\x7f\x7f\x7f\x7f\x7f\x7f186.5\r');
    expect(record.sent).toEqual(['replace #12 @ 186.5']);
  });

  it('r on a stop order prefills its stop price', async () => {
    const { screen } = await day();
    await screen.press(KEY.tab, '2', 'j', 'r');
    expect(screen.commandRow()).toMatch(/^ > replace #11 stop 125\.00 /);
  });

  it('C asks first, showing exactly what y sends; Enter declines', async () => {
    const { record, screen } = await day();
    await screen.press(KEY.tab, '2', 'C');
    expect(screen.commandRow()).toMatch(/^ CONFIRM {2}cancel all {2}— cancels 3 working orders\s+y: send {2}other: don't $/);
    await screen.press(KEY.enter);
    expect(record.sent).toEqual([]);
    expect(screen.commandRow()).toContain('not sent: cancel all');
  });

  it('sends a confirmed command once, even when y arrives three times in one chunk', async () => {
    const { record, screen } = await day();
    await screen.press(KEY.tab, '2', 'C');
    await screen.type('yyy');
    expect(record.sent).toEqual(['cancel all']);
    await screen.press('y');
    expect(record.sent).toEqual(['cancel all']);
  });

  it('does not take a y that came in the same burst as the key that asked', async () => {
    const { record, screen } = await day();
    await screen.press(KEY.tab, '2');
    await screen.type('Cy');
    expect(record.sent).toEqual([]);
    expect(screen.commandRow()).toContain('CONFIRM');
  });
});

describe('positions pane actions', () => {
  it('x closes the selected position after y', async () => {
    const { record, screen } = await day();
    await screen.press(KEY.tab, '3', 'x');
    expect(screen.commandRow()).toMatch(/CONFIRM {2}flatten AAPL {2}— cancels AAPL orders, closes \+20 AAPL at market/);
    await screen.press('y');
    expect(record.sent).toEqual(['flatten AAPL']);
  });

  it('X closes every position after y; Esc declines', async () => {
    const { record, screen } = await day();
    await screen.press(KEY.tab, '3', 'X');
    expect(screen.commandRow()).toContain('flatten all  — closes 2 open positions at market');
    await screen.press(KEY.escape);
    expect(record.sent).toEqual([]);
    await screen.press('X', 'y');
    expect(record.sent).toEqual(['flatten all']);
  });
});

describe('the watchlist', () => {
  it('u stops watching the selected symbol', async () => {
    const { record, screen } = await day();
    await screen.press(KEY.tab, '1', 'j', 'u');
    expect(record.sent).toEqual(['unwatch MSFT']);
  });
});

describe('the strategies pane', () => {
  /** sma1 running on AAPL (holding +10), brk2 paused on MSFT, bll3 stopped on NVDA; the pane focused. */
  async function strategies() {
    const { store, record, screen } = await day();
    store.setState({
      strategies: [
        strategy({ position: dec(10) }),
        strategy({ id: 'brk2', name: 'breakout', symbol: 'MSFT', state: 'paused' }),
        strategy({ id: 'bll3', name: 'bollinger', symbol: 'NVDA', state: 'stopped' }),
      ],
    });
    await screen.press(KEY.tab, '5');
    return { record, screen };
  }

  it('hints its keys while focused', async () => {
    const { screen } = await strategies();
    expect(screen.commandRow()).toMatch(/x stop {2}p pause {2}r resume {2}j\/k move/);
  });

  it('x stops the selected strategy through strategy stop ID, answered on the command row', async () => {
    const { record, screen } = await strategies();
    await screen.press('x');
    expect(record.sent).toEqual(['strategy stop sma1']);
    expect(screen.commandRow()).toContain('done: strategy stop sma1');
  });

  it('p pauses the selected running one and r resumes a paused one', async () => {
    const { record, screen } = await strategies();
    await screen.press('p', 'j', 'r');
    expect(record.sent).toEqual(['strategy pause sma1', 'strategy resume brk2']);
  });

  it('says why nothing is sent when the key does not apply to the selected one', async () => {
    const { record, screen } = await strategies();
    await screen.press('r');
    expect(screen.commandRow()).toContain('sma1 is running: only a paused or reducing strategy can be resumed');
    await screen.press('G', 'x');
    expect(screen.commandRow()).toContain('bll3 is stopped: only a running, paused or reducing strategy can be stopped');
    await screen.press('k', 'p');
    expect(screen.commandRow()).toContain('brk2 is paused: only a running or reducing strategy can be paused');
    expect(record.sent).toEqual([]);
  });

  it('with none, says there is nothing selected', async () => {
    const { record, screen } = await day();
    await screen.press(KEY.tab, '5', 'x');
    expect(screen.commandRow()).toContain('no strategy selected');
    expect(record.sent).toEqual([]);
  });

  it('a manual order on a symbol a strategy trades waits for y, naming the strategy', async () => {
    const { record, screen } = await strategies();
    await screen.press(KEY.escape);
    await screen.type('buy 1 AAPL\r');
    expect(screen.commandRow()).toMatch(/^ CONFIRM {2}buy 1 AAPL {2}— AAPL is traded by sma1 \(sma-cross\)/);
    await screen.press('y');
    expect(record.sent).toEqual(['buy 1 AAPL']);
  });

  it('strategy stop all waits for y, saying how many it stops', async () => {
    const { record, screen } = await strategies();
    await screen.press(KEY.escape);
    await screen.type('strategy stop all\r');
    expect(screen.commandRow()).toMatch(/^ CONFIRM {2}strategy stop all {2}— stops 2 strategies \(1 running, 1 paused\), ca…/);
    await screen.press('y');
    expect(record.sent).toEqual(['strategy stop all']);
  });
});

describe('typed commands that wait for y', () => {
  it('cancel all and flatten typed on the command line ask like their keys', async () => {
    const { record, screen } = await day();
    await screen.type('cancel all\r');
    expect(screen.commandRow()).toContain('CONFIRM  cancel all');
    await screen.press('y');
    await screen.type('flatten MSFT\r');
    expect(screen.commandRow()).toContain('closes -5 MSFT at market');
    await screen.press('y');
    expect(record.sent).toEqual(['cancel all', 'flatten MSFT']);
  });

  it('an order above the confirmation limit asks with its estimate; declining gives the line back', async () => {
    const { record, screen } = await day({ confirmAbove: '5000' });
    await screen.type('buy 100 AAPL\r');
    expect(screen.commandRow()).toContain('buy 100 AAPL  — ≈ $18,744.00, above the $5,000.00 limit');
    await screen.press('n');
    expect(record.sent).toEqual([]);
    expect(screen.commandRow()).toMatch(/^ > buy 100 AAPL /);
    await screen.type('\r');
    await screen.press('y');
    expect(record.sent).toEqual(['buy 100 AAPL']);
  });

  it('an order the broker would likely refuse says why under the prompt, and asks with that reason before it is sent', async () => {
    const { record, screen } = await day();
    await screen.type('sell 5 AAPL @ 190');
    expect(screen.commandRow()).toMatch(/SELL 5 AAPL .* {2}⚠ wash trade: open buy #12/);
    await screen.type('\r');
    expect(screen.commandRow()).toMatch(/^ CONFIRM {2}sell 5 AAPL @ 190 {2}— ⚠ wash trade: open buy #12\s+y: send {2}other: don't $/);
    expect(record.sent).toEqual([]);
    await screen.press('y');
    expect(record.sent).toEqual(['sell 5 AAPL @ 190']);
  });

  it('an order at or below the limit goes at Enter', async () => {
    const { record, screen } = await day();
    await screen.type('buy 10 AAPL\r');
    expect(record.sent).toEqual(['buy 10 AAPL']);
  });

  it('keeps the frame within the terminal while asking', async () => {
    for (const size of [
      { columns: 100, rows: 30 },
      { columns: 200, rows: 60 },
    ]) {
      const { screen } = await day({ size });
      await screen.type('cancel all\r');
      expect(screen.lines()).toHaveLength(size.rows - 1);
      expect(screen.commandRow()).toHaveLength(size.columns);
      cleanup();
    }
  });
});
