import type { Engine } from '../core/engine.js';
import { ZERO, type Decimal } from '../domain/decimal.js';
import type { Fill } from '../domain/fill.js';
import { isTerminal } from '../domain/order-state.js';
import type { OrderSpec } from '../domain/order-types.js';
import type { Order } from '../domain/order.js';
import { SourcePositions } from '../domain/source-positions.js';
import type { Executor, OrderEnd, PlaceRequest, SourcePnl } from './executor.js';
import type { PositionView, WorkingOrderView } from './strategy.js';

export interface EngineExecutorOptions {
  /** Each source's position and P&L as the books left them (from the store), so they survive a restart. */
  readonly books?: SourcePositions;
  /** Each new fill, after it is booked to its source: the manager hands it to the strategy. */
  readonly onFill?: (fill: Fill) => void;
}

/**
 * The execution core as a strategy runner's Executor. Orders go through the engine like the
 * trader's (risk gate, symbol lane, retries, timeouts), tagged with the strategy's id as source;
 * each source's position and P&L are booked from its own fills as they arrive.
 */
export class EngineExecutor implements Executor {
  private readonly books: SourcePositions;
  private readonly waiters = new Map<string, ((end: OrderEnd) => void)[]>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly engine: Engine,
    private readonly options: EngineExecutorOptions = {},
  ) {
    this.books = options.books ?? new SourcePositions();
    this.unsubscribe = engine.subscribe((event) => {
      if (event.type === 'fill') {
        this.books.apply(event.fill);
        this.options.onFill?.(event.fill);
      } else if (event.type === 'order' && isTerminal(event.order.status)) {
        this.ended(event.order.clientOrderId, event.order.status as OrderEnd);
      }
    });
  }

  async place(spec: OrderSpec, { source, after }: PlaceRequest): Promise<{ readonly clientOrderId: string }> {
    const order = await this.engine.place(spec, { source, ...(after !== undefined && { after }) });
    return { clientOrderId: order.clientOrderId };
  }

  async cancel(clientOrderId: string): Promise<void> {
    const order = this.find(clientOrderId);
    if (order === undefined || isTerminal(order.status)) return;
    await this.engine.cancel({ kind: 'seq', seq: order.seq });
  }

  working(source: string, symbol: string): WorkingOrderView[] {
    return this.engine
      .workingOrders(source)
      .filter((order) => order.symbol === symbol)
      .map((order) => ({
        clientOrderId: order.clientOrderId,
        side: order.side,
        type: order.type,
        qty: order.qty ?? ZERO,
        filledQty: order.filledQty,
        ...(order.limitPrice !== undefined && { limitPrice: order.limitPrice }),
        ...(order.stopPrice !== undefined && { stopPrice: order.stopPrice }),
      }));
  }

  position(source: string, symbol: string): PositionView {
    const { qty, avgCost } = this.books.position(source, symbol);
    return { qty, avgPrice: avgCost };
  }

  cash(): Decimal {
    return this.engine.portfolio().cash;
  }

  /** The last trade, else the middle of the quote. */
  price(symbol: string): Decimal | undefined {
    const quote = this.engine.quote(symbol);
    if (quote === undefined) return undefined;
    if (quote.last !== undefined) return quote.last;
    return quote.bid.gt(ZERO) && quote.ask.gt(ZERO) ? quote.bid.plus(quote.ask).dividedBy(2) : undefined;
  }

  whenDone(clientOrderId: string): Promise<OrderEnd> {
    const order = this.find(clientOrderId);
    if (order !== undefined && isTerminal(order.status)) return Promise.resolve(order.status as OrderEnd);
    return new Promise((resolve) => this.waiters.set(clientOrderId, [...(this.waiters.get(clientOrderId) ?? []), resolve]));
  }

  pnl(source: string): SourcePnl {
    return { realized: this.books.realized(source), unrealized: this.books.unrealized(source, (symbol) => this.price(symbol)) };
  }

  /**
   * Stops listening to the engine. An order whose end was not seen by then ends `timed_out` for
   * whoever waits on it, so no slot or stop waits on an engine that has gone.
   */
  close(): void {
    this.unsubscribe();
    for (const id of [...this.waiters.keys()]) this.ended(id, 'timed_out');
  }

  private ended(clientOrderId: string, end: OrderEnd): void {
    const waiting = this.waiters.get(clientOrderId);
    if (waiting === undefined) return;
    this.waiters.delete(clientOrderId);
    for (const resolve of waiting) resolve(end);
  }

  private find(clientOrderId: string): Order | undefined {
    return this.engine.orders().find((order) => order.clientOrderId === clientOrderId);
  }
}
