import { ManualClock } from '../../../src/kernel/clock.js';
import { dec, type Decimal } from '../../../src/domain/decimal.js';
import type { OrderSpec } from '../../../src/domain/order-types.js';
import type { BrokerOrder, SubmitOrderRequest, TradeUpdate } from '../../../src/broker/port.js';
import { createSimExchange, type SimExchange, type SimExchangeOptions } from '../../../src/broker/sim/sim-exchange.js';
import type { UniverseEntry } from '../../../src/broker/sim/universe.js';

export const UNIVERSE: readonly UniverseEntry[] = [
  { symbol: 'AAPL', price: '100.00' },
  { symbol: 'MSFT', price: '400.00' },
];

export const ACK = 20;
export const FILL = 30;

export interface Harness {
  readonly clock: ManualClock;
  readonly sim: SimExchange;
  readonly updates: TradeUpdate[];
  readonly events: () => string[];
  readonly submit: (spec: Request, clientOrderId?: string) => Promise<BrokerOrder>;
  /** Acknowledgement and one execution attempt. */
  readonly settle: (ms?: number) => void;
}

/** A submit as tests write it: AAPL market day unless said, class and legs as Alpaca takes them. */
export type Request = Partial<Omit<SubmitOrderRequest, 'clientOrderId'>> & Pick<OrderSpec, 'side'>;

let clientIds = 0;

/**
 * A sim on fake time with a two-symbol market whose AAPL quote is pinned:
 * 100.00 x 100.02, 500 shares each side, last 100.01.
 */
export function harness(options: SimExchangeOptions = {}): Harness {
  const clock = new ManualClock();
  const sim = createSimExchange({ clock, seed: 42, universe: UNIVERSE, ackLatencyMs: ACK, fillLatencyMs: FILL, ...options });
  setAapl(sim, '100.00', '100.02');
  const updates: TradeUpdate[] = [];
  sim.subscribeTradeUpdates((u) => updates.push(u));
  return {
    clock,
    sim,
    updates,
    events: () => updates.map((u) => u.event),
    submit: (spec, clientOrderId) =>
      sim.submitOrder({
        symbol: 'AAPL',
        type: 'market',
        timeInForce: 'day',
        ...spec,
        clientOrderId: clientOrderId ?? `test-${++clientIds}`,
      }),
    settle: (ms = ACK + FILL) => clock.advance(ms),
  };
}

export function setAapl(sim: SimExchange, bid: string, ask: string, sizes: { bid?: string; ask?: string; last?: string } = {}): void {
  sim.setQuote('AAPL', {
    bid: dec(bid),
    ask: dec(ask),
    last: dec(sizes.last ?? bid),
    bidSize: dec(sizes.bid ?? '500'),
    askSize: dec(sizes.ask ?? '500'),
  });
}

export function d(value: string | number): Decimal {
  return dec(value);
}

/** Compares decimals by value, printing both on failure. */
export function str(value: Decimal | undefined): string | undefined {
  return value?.toString();
}
