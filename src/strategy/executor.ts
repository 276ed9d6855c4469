import type { Decimal } from '../domain/decimal.js';
import type { OrderSpec } from '../domain/order-types.js';

/** Who places an order, and the order of the same signal it follows, if any. */
export interface PlaceRequest {
  readonly source: string;
  readonly after?: string;
}
import type { PositionView, WorkingOrderView } from './strategy.js';

/** How an order ended: the broker's end states, or `timed_out` when its end was not seen in time. */
export type OrderEnd = 'filled' | 'canceled' | 'rejected' | 'expired' | 'replaced' | 'timed_out';

/** A source's P&L from its own fills; unrealized is undefined while an open position has no mark. */
export interface SourcePnl {
  readonly realized: Decimal;
  readonly unrealized: Decimal | undefined;
}

/**
 * What a live strategy runner needs from the execution core, as narrow as the runner uses it, so
 * tests fake it and the engine adapts to it (engine-executor.ts). Everything is per `source` (the
 * strategy instance's id): a runner sees and touches only its own orders and position.
 */
export interface Executor {
  /**
   * Resolves once the order is accepted into the core's book; rejects when it is refused. `after`
   * names the order this one follows in the same signal (a reversal's close), so the same order
   * again is not taken for a double submit of it.
   */
  place(spec: OrderSpec, request: PlaceRequest): Promise<{ readonly clientOrderId: string }>;
  /** Asks to cancel; the order's end arrives through whenDone. */
  cancel(clientOrderId: string): Promise<void>;
  working(source: string, symbol: string): readonly WorkingOrderView[];
  position(source: string, symbol: string): PositionView;
  cash(): Decimal;
  /** The price an order would fill near now (a quote's side or last), or undefined when none is known. */
  price(symbol: string): Decimal | undefined;
  /** Settles when the order has ended, however it ended. */
  whenDone(clientOrderId: string): Promise<OrderEnd>;
  pnl(source: string): SourcePnl;
}
