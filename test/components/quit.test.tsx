import './force-color.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { ManualClock } from '../../src/kernel/clock.js';
import { QUIT_CANCEL_WAIT_MS } from '../../store/quit-after-cancel.js';
import { at, emit, freshStore, order, strategy } from './fixtures.js';
import { consoleActions, KEY, renderConsole, tradingDay } from './keyboard-fixtures.js';

afterEach(() => cleanup());

async function setup(withOrders: boolean) {
  const store = freshStore();
  if (withOrders) tradingDay(store);
  const record = consoleActions(store);
  const clock = new ManualClock(at(10, 32, 0));
  const screen = await renderConsole(store, record.actions, { now: () => clock.now(), timers: clock });
  return { store, record, clock, screen };
}

describe('Ctrl-C', () => {
  it('quits on the second press, saying so after the first', async () => {
    const { record, screen } = await setup(false);
    await screen.type('buy');
    await screen.press(KEY.ctrlC);
    expect(record.quits).toBe(0);
    expect(screen.commandRow()).toContain('press Ctrl-C again to quit');
    await screen.press(KEY.ctrlC);
    expect(record.quits).toBe(1);
    expect(record.sent).toEqual([]);
  });

  it('needs the second press within 3 s; after that the first is forgotten and the warning goes', async () => {
    const { record, clock, screen } = await setup(false);
    await screen.press(KEY.ctrlC);
    clock.advance(3001);
    await screen.press();
    expect(screen.commandRow()).not.toContain('press Ctrl-C again');
    await screen.press(KEY.ctrlC);
    expect(record.quits).toBe(0);
    expect(screen.commandRow()).toContain('press Ctrl-C again to quit');
  });

  it('declines a pending confirmation', async () => {
    const { record, screen } = await setup(true);
    await screen.type('cancel all\r');
    await screen.press(KEY.ctrlC);
    expect(screen.commandRow()).not.toContain('CONFIRM');
    await screen.press('y');
    expect(record.sent).toEqual([]);
  });
});

describe('quitting with orders working', () => {
  it('asks first, saying how many are working and the three ways on', async () => {
    const { record, screen } = await setup(true);
    await screen.press(KEY.ctrlC, KEY.ctrlC);
    expect(record.quits).toBe(0);
    expect(screen.commandRow()).toMatch(/^ QUIT {2}3 working orders: {2}l leave them working · c cancel, then quit · Esc stay/);
    expect(screen.lines()).toHaveLength(29);
  });

  it('l leaves them working', async () => {
    const { record, screen } = await setup(true);
    await screen.press(KEY.ctrlC, KEY.ctrlC, 'l');
    expect(record.quits).toBe(1);
    expect(record.sent).toEqual([]);
  });

  it('Esc stays, and the keys work as before', async () => {
    const { record, screen } = await setup(true);
    await screen.press(KEY.ctrlC, KEY.ctrlC, KEY.escape);
    expect(screen.commandRow()).not.toContain('QUIT');
    await screen.type('x');
    expect(screen.commandRow()).toMatch(/^ > x/);
    expect(record.quits).toBe(0);
  });

  it('c cancels them through cancel all and leaves once the exchange confirms the cancels', async () => {
    const { store, record, screen } = await setup(true);
    await screen.type('quit\r');
    expect(screen.commandRow()).toContain('QUIT');
    await screen.press('c');
    expect(record.sent).toEqual(['cancel all']);
    expect(screen.commandRow()).toContain('cancelling 3 working orders… leaving once the exchange confirms (at most 5 s)');
    expect(record.quits).toBe(0);
    emit(
      store,
      { type: 'order', order: order({ seq: 10, createdAt: at(10, 29, 0), canceled: true }) },
      { type: 'order', order: order({ seq: 11, createdAt: at(10, 30, 0), canceled: true }) },
      { type: 'order', order: order({ seq: 12, createdAt: at(10, 31, 0), canceled: true }) },
    );
    expect(record.quits).toBe(1);
  });

  it('leaves after 5 s when the cancels do not come; keys meanwhile do nothing', async () => {
    const { record, clock, screen } = await setup(true);
    await screen.press(KEY.ctrlC, KEY.ctrlC, 'c');
    await screen.type('l\r');
    expect(record.quits).toBe(0);
    clock.advance(QUIT_CANCEL_WAIT_MS);
    expect(record.quits).toBe(1);
    expect(record.sent).toEqual(['cancel all']);
  });

  it('quit with nothing working leaves at once, sending nothing', async () => {
    const { record, screen } = await setup(false);
    await screen.type('quit\r');
    expect(record.quits).toBe(1);
    expect(record.sent).toEqual([]);
  });
});

describe('quitting with strategies running', () => {
  /** sma1 running and brk2 paused (both stopped by a quit), bll3 already stopped. */
  const STRATEGIES = [strategy(), strategy({ id: 'brk2', name: 'breakout', symbol: 'MSFT', state: 'paused' }), strategy({ id: 'bll3', symbol: 'NVDA', state: 'stopped' })];

  async function running(withOrders: boolean) {
    const context = await setup(withOrders);
    context.store.setState({ strategies: STRATEGIES });
    return context;
  }

  it('asks y/n first, saying they will be stopped with their working orders cancelled', async () => {
    const { record, screen } = await running(false);
    await screen.type('quit\r');
    expect(record.quits).toBe(0);
    expect(screen.commandRow()).toMatch(/^ QUIT {2}2 strategies running: they will be stopped \(their working orders cancelled\) — quit\? y\/n/);
    await screen.press('y');
    expect(record.quits).toBe(1);
    expect(record.sent).toEqual([]);
  });

  it('n and Esc stay; other keys leave the question up', async () => {
    const { record, screen } = await running(false);
    await screen.press(KEY.ctrlC, KEY.ctrlC, 'n');
    expect(screen.commandRow()).not.toContain('QUIT');
    await screen.type('quit\r');
    await screen.press('l', KEY.enter);
    expect(screen.commandRow()).toContain('quit? y/n');
    await screen.press(KEY.escape);
    expect(screen.commandRow()).not.toContain('QUIT');
    expect(record.quits).toBe(0);
  });

  it('with the trader’s own orders working too, asks about those, counting only them, and says the strategies stop', async () => {
    const { store, record, screen } = await running(true);
    // #12 is sma1's: its stop cancels it, so it is not the trader's to decide on.
    emit(store, { type: 'order', order: { ...order({ seq: 12, createdAt: at(10, 31, 0) }), source: 'sma1' } });
    await screen.type('quit\r');
    expect(screen.commandRow()).toMatch(/^ QUIT {2}2 strategies stop · 2 other orders working: {2}l leave them · c cancel, then quit · Esc stay/);
    await screen.press('l');
    expect(record.quits).toBe(1);
  });

  it('stopped strategies alone do not ask', async () => {
    const { store, record, screen } = await setup(false);
    store.setState({ strategies: [strategy({ state: 'stopped' }), strategy({ id: 'sma2', state: 'error', error: 'boom' })] });
    await screen.type('quit\r');
    expect(record.quits).toBe(1);
  });
});
