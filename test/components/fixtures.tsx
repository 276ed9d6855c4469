import { render } from 'ink-testing-library';
import { dec, ZERO } from '../../src/domain/decimal.js';
import { applyExecution } from '../../src/domain/fill.js';
import { applyOrderEvent, newOrder, type Order } from '../../src/domain/order.js';
import type { OrderSpec } from '../../src/domain/order-types.js';
import { applyTrade, emptyPortfolio, type Portfolio, type Trade } from '../../src/domain/portfolio.js';
import type { BrokerAccount, Quote } from '../../src/broker/port.js';
import type { CoreEvent } from '../../src/core/events.js';
import type { LogEntry } from '../../src/kernel/log-entry.js';
import type { ConsoleActions, InputDescription } from '../../store/console-actions.js';
import {
  applyCoreEvents,
  createConsoleStore,
  initialConsoleState,
  type ConsoleState,
  type ConsoleStore,
  type Feedback,
} from '../../store/console-store.js';
import { nextLogLevel } from '../../store/log-level.js';
import { strategyView, type StrategyView } from '../../store/strategy-view.js';
import type { StrategyRow } from '../../src/strategy/strategy-manager.js';
import { DEFAULT_SOURCE_LIMITS } from '../../src/strategy/source-limits.js';
import { App } from '../../components/App.js';
import type { TerminalSize } from '../../components/layout.js';

/** One macrotask: Ink commits and useInput subscribes asynchronously. */
export const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Today at a local wall-clock time, so expectations can say `10:31:02` in any time zone. */
export function at(hours: number, minutes: number, seconds: number): number {
  const d = new Date();
  d.setHours(hours, minutes, seconds, 0);
  return d.getTime();
}

export function freshStore(mode: ConsoleState['mode'] = 'sim'): ConsoleStore {
  return createConsoleStore(initialConsoleState(mode, mode));
}

/** Folds core events into the store the way the event batcher does. */
export function emit(store: ConsoleStore, ...events: CoreEvent[]): void {
  store.setState(applyCoreEvents(store.getState(), events), true);
}

export interface OrderOptions {
  readonly seq: number;
  readonly createdAt: number;
  readonly spec?: Partial<OrderSpec>;
  /** Broker acknowledgement. */
  readonly accepted?: boolean;
  /** Cumulative quantity filled at `fillPrice`. */
  readonly filled?: string;
  readonly fillPrice?: string;
  readonly canceled?: boolean;
}

const LIMIT_BUY: OrderSpec = {
  symbol: 'AAPL',
  side: 'buy',
  type: 'limit',
  timeInForce: 'day',
  qty: dec(10),
  limitPrice: dec('187.00'),
};

/** An order taken through the domain's own state machine and fill booking, as the core would. */
export function order(options: OrderOptions): Order {
  const { seq, createdAt } = options;
  const spec = { ...LIMIT_BUY, ...options.spec };
  let o = newOrder(spec, `blt-${String(seq).padStart(6, '0')}`, seq, createdAt);
  if (options.accepted ?? true) o = applyOrderEvent(o, 'accepted', createdAt + 100);
  if (options.filled !== undefined) {
    const cumulative = dec(options.filled);
    const outcome = applyExecution(o, {
      executionId: `x-${seq}`,
      cumulativeQty: cumulative,
      lastQty: cumulative,
      lastPrice: dec(options.fillPrice ?? '187.00'),
      at: createdAt + 200,
    });
    if (outcome.kind !== 'applied') throw new Error(`fill not applied: ${outcome.kind}`);
    const complete = spec.qty !== undefined && cumulative.gte(spec.qty);
    o = applyOrderEvent(outcome.order, complete ? 'fill' : 'partial_fill', createdAt + 200);
  }
  if (options.canceled === true) o = applyOrderEvent(o, 'canceled', createdAt + 300);
  return o;
}

/** A quote at 15:00 on 5 Jan 2026; a last trade or previous close left out is unknown, as on Alpaca's quote stream. */
export function quote(symbol: string, bid: string, ask: string, last?: string, prevClose?: string): Quote {
  return {
    symbol,
    bid: dec(bid),
    ask: dec(ask),
    bidSize: dec(100),
    askSize: dec(100),
    ...(last !== undefined && { last: dec(last) }),
    ...(prevClose !== undefined && { prevClose: dec(prevClose) }),
    timestamp: '2026-01-05T15:00:00Z',
  };
}

export function trade(symbol: string, side: Trade['side'], qty: number, price: string): Trade {
  return { symbol, side, qty: dec(qty), price: dec(price), commission: ZERO };
}

export function portfolio(cash: string, ...trades: Trade[]): Portfolio {
  return trades.reduce(applyTrade, emptyPortfolio(dec(cash)));
}

export function account(equity: string, buyingPower: string, lastEquity: string): BrokerAccount {
  return { cash: dec(equity), equity: dec(equity), buyingPower: dec(buyingPower), lastEquity: dec(lastEquity), currency: 'USD' };
}

/** An sma-cross instance on AAPL with 5 s bars, running and flat, as the strategy manager lists it. */
export function strategyRow(overrides: Partial<StrategyRow> = {}): StrategyRow {
  return {
    id: 'sma1',
    name: 'sma-cross',
    symbol: 'AAPL',
    timeframe: '5s',
    limits: DEFAULT_SOURCE_LIMITS,
    state: 'running',
    slotsInUse: 0,
    sent: 0,
    refused: 0,
    refusedBy: {},
    position: ZERO,
    realized: ZERO,
    unrealized: ZERO,
    ...overrides,
  };
}

/** The same instance as the strategies pane shows it. */
export function strategy(overrides: Partial<StrategyRow> = {}): StrategyView {
  return strategyView(strategyRow(overrides));
}

export function logEntry(atMs: number, level: LogEntry['level'], text: string): CoreEvent {
  return { type: 'log', entry: { at: atMs, level, text } };
}

export interface RecordingActions {
  readonly actions: ConsoleActions;
  readonly submitted: string[];
  readonly described: string[];
  quits: number;
  metricsRefreshes: number;
  strategyRefreshes: number;
}

/**
 * Actions at the edge of the test: they record what the console asked for. `answer` plays the
 * application's part of writing feedback to the store.
 */
export function recordingActions(
  store: ConsoleStore,
  answer: (text: string) => Feedback | Error = (text) => ({ ok: true, text: `done: ${text}`, at: 1 }),
): RecordingActions {
  const record: RecordingActions = {
    submitted: [],
    described: [],
    quits: 0,
    metricsRefreshes: 0,
    strategyRefreshes: 0,
    actions: {
      submit(text) {
        record.submitted.push(text);
        const outcome = answer(text);
        if (outcome instanceof Error) return Promise.reject(outcome);
        store.setState({ feedback: outcome });
        return Promise.resolve(outcome);
      },
      describe(text): InputDescription {
        record.described.push(text);
        if (text.trim() === '') return { kind: 'empty' };
        if (text.startsWith('bad')) return { kind: 'error', text: `cannot parse "${text}"` };
        return { kind: 'preview', text: `PREVIEW ${text.toUpperCase()}` };
      },
      quit() {
        record.quits++;
      },
      cycleLogLevel() {
        store.setState({ logLevel: nextLogLevel(store.getState().logLevel) });
      },
      toggleMetrics() {
        store.setState({ showMetrics: !store.getState().showMetrics });
      },
      refreshMetrics() {
        record.metricsRefreshes++;
      },
      refreshStrategies() {
        record.strategyRefreshes++;
      },
      scrollBacktest(to) {
        const shown = store.getState().backtest;
        if (shown !== undefined) store.setState({ backtest: { ...shown, scroll: Math.max(0, to(shown.scroll)) } });
      },
      closeBacktest() {
        store.setState({ backtest: undefined });
      },
    },
  };
  return record;
}

const ANSI = /\x1b\[[0-9;]*m/g;

export interface RenderedApp {
  /** The last frame without colour codes. */
  readonly frame: () => string;
  readonly lines: () => string[];
  readonly type: (input: string) => Promise<void>;
  /** Makes the fake terminal report a new size and fires its resize event, as a real one does. */
  readonly resize: (size: TerminalSize) => Promise<void>;
}

export async function renderApp(
  store: ConsoleStore,
  actions: ConsoleActions,
  options: { size?: TerminalSize; now?: () => number } = {},
): Promise<RenderedApp> {
  const tree = <App store={store} actions={actions} size={options.size} now={options.now} />;
  const instance = render(tree);
  /**
   * The fake terminal is 100 columns; a wider one must be set on stdout and drawn again. Ink listens
   * for resize only outside CI (is-in-ci), so a rerender, not the event, is what makes it take effect.
   */
  const setColumns = (columns: number): void => {
    Object.defineProperty(instance.stdout, 'columns', { value: columns, configurable: true });
    instance.rerender(tree);
  };
  if (options.size !== undefined) setColumns(options.size.columns);
  // Ink attaches stdin (useInput) and our resize listener in passive effects, which a loaded machine
  // may run after the first tick; input written or a resize fired before then would be lost.
  for (let i = 0; i < 100 && instance.stdin.listenerCount('readable') === 0; i++) await tick();
  const frame = (): string => (instance.lastFrame() ?? '').replace(ANSI, '');
  return {
    frame,
    lines: () => frame().split('\n'),
    async type(input) {
      instance.stdin.write(input);
      await tick();
    },
    async resize({ columns, rows }) {
      Object.defineProperty(instance.stdout, 'rows', { value: rows, configurable: true });
      Object.defineProperty(instance.stdout, 'columns', { value: columns, configurable: true });
      instance.stdout.emit('resize');
      setColumns(columns);
      // A loaded machine may take more than one tick to lay out and draw the new size.
      const drawn = (): boolean => {
        const lines = frame().split('\n');
        const expected = columns < 80 || rows < 20 ? 1 : rows - 1;
        return lines.length === expected && lines.every((line) => line.length <= columns);
      };
      for (let i = 0; i < 100 && !drawn(); i++) await tick();
    },
  };
}
