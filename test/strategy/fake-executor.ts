import { createClientOrderIdFactory } from '../../src/domain/client-order-id.js';
import { dec, ZERO, type Decimal } from '../../src/domain/decimal.js';
import type { OrderSpec } from '../../src/domain/order-types.js';
import { SourcePositions } from '../../src/domain/source-positions.js';
import type { Clock } from '../../src/kernel/clock.js';
import type { Executor, OrderEnd, SourcePnl } from '../../src/strategy/executor.js';
import type { PositionView, WorkingOrderView } from '../../src/strategy/strategy.js';

export interface PlacedOrder {
  readonly clientOrderId: string;
  readonly source: string;
  readonly spec: OrderSpec;
  end?: OrderEnd;
}

/**
 * An executor that books what it is asked and lets the test end each order: `fill` at a price,
 * `end` any other way. Positions and P&L come from the fills through SourcePositions, as live.
 */
export class FakeExecutor implements Executor {
  readonly placed: PlacedOrder[] = [];
  readonly cancels: string[] = [];
  cashValue = dec(100_000);
  readonly prices = new Map<string, Decimal>();
  /** Rejects the next place with this error. */
  refuseNext: Error | undefined;
  /** While set, places wait for it before answering (a submit in flight). */
  gate: Promise<void> | undefined;
  private readonly ids: (source: string) => string;
  private readonly books = new SourcePositions();
  private readonly waiters = new Map<string, ((end: OrderEnd) => void)[]>();
  private executions = 0;

  constructor(private readonly clock: Clock) {
    this.ids = createClientOrderIdFactory(() => clock.now());
  }

  async place(spec: OrderSpec, { source }: { readonly source: string }): Promise<{ readonly clientOrderId: string }> {
    await this.gate;
    const error = this.refuseNext;
    this.refuseNext = undefined;
    if (error !== undefined) throw error;
    const clientOrderId = this.ids(source);
    this.placed.push({ clientOrderId, source, spec });
    return { clientOrderId };
  }

  async cancel(clientOrderId: string): Promise<void> {
    this.cancels.push(clientOrderId);
  }

  working(source: string, symbol: string): WorkingOrderView[] {
    return this.placed
      .filter((o) => o.end === undefined && o.source === source && o.spec.symbol === symbol)
      .map((o) => ({ clientOrderId: o.clientOrderId, side: o.spec.side, type: o.spec.type, qty: o.spec.qty ?? ZERO, filledQty: ZERO }));
  }

  position(source: string, symbol: string): PositionView {
    const { qty, avgCost } = this.books.position(source, symbol);
    return { qty, avgPrice: avgCost };
  }

  cash(): Decimal {
    return this.cashValue;
  }

  price(symbol: string): Decimal | undefined {
    return this.prices.get(symbol);
  }

  whenDone(clientOrderId: string): Promise<OrderEnd> {
    const order = this.order(clientOrderId);
    if (order.end !== undefined) return Promise.resolve(order.end);
    return new Promise((resolve) => this.waiters.set(clientOrderId, [...(this.waiters.get(clientOrderId) ?? []), resolve]));
  }

  pnl(source: string): SourcePnl {
    return { realized: this.books.realized(source), unrealized: this.books.unrealized(source, (symbol) => this.prices.get(symbol)) };
  }

  fill(clientOrderId: string, price: string): void {
    const order = this.order(clientOrderId);
    const qty = order.spec.qty ?? ZERO;
    this.books.apply({
      executionId: `x${++this.executions}`,
      clientOrderId,
      orderSeq: this.executions,
      symbol: order.spec.symbol,
      side: order.spec.side,
      qty,
      price: dec(price),
      commission: ZERO,
      at: this.clock.now(),
    });
    this.end(clientOrderId, 'filled');
  }

  end(clientOrderId: string, end: OrderEnd): void {
    const order = this.order(clientOrderId);
    order.end = end;
    for (const resolve of this.waiters.get(clientOrderId) ?? []) resolve(end);
    this.waiters.delete(clientOrderId);
  }

  /** The orders as `side qty symbol source` lines. */
  lines(): string[] {
    return this.placed.map((o) => `${o.spec.side} ${o.spec.qty?.toString()} ${o.spec.symbol} ${o.source}`);
  }

  last(): PlacedOrder {
    const order = this.placed[this.placed.length - 1];
    if (order === undefined) throw new Error('no order was placed');
    return order;
  }

  private order(clientOrderId: string): PlacedOrder {
    const order = this.placed.find((o) => o.clientOrderId === clientOrderId);
    if (order === undefined) throw new Error(`no order ${clientOrderId}`);
    return order;
  }
}
