import { sourceOfClientOrderId } from './client-order-id.js';
import { ZERO, type Decimal } from './decimal.js';
import type { Fill } from './fill.js';
import { applyFillToPosition, flatPosition, unrealizedPnl, type Position } from './position.js';

/** One source's book: its positions by symbol and the commission its fills paid. */
export interface SourceBook {
  readonly positions: ReadonlyMap<string, Position>;
  readonly commission: Decimal;
}

/** One source's book as plain records, for keeping what has left the live fills. */
export interface SourceBookSnapshot {
  readonly commission: Decimal;
  readonly positions: Readonly<Record<string, Position>>;
}

/** Every source's book, by source. */
export type SourceBooksSnapshot = Readonly<Record<string, SourceBookSnapshot>>;

/**
 * Each order source's own positions and P&L, from its own fills alone: a strategy is judged by what
 * it traded, whatever else the account holds. The source is read from each fill's client order id
 * (`blt-<source>-…`), so the books rebuild the same after a restart from the fills on file, and an
 * order placed elsewhere counts for `external`.
 */
export class SourcePositions {
  private readonly books = new Map<string, { positions: Map<string, Position>; commission: Decimal }>();

  static fromFills(fills: Iterable<Fill>): SourcePositions {
    const ledger = new SourcePositions();
    for (const fill of fills) ledger.apply(fill);
    return ledger;
  }

  /**
   * The books as they stood when `brought` was taken, with the fills since booked on top: the same
   * as booking every fill from the start, so fills moved to the archive still count for their source.
   */
  static restore(brought: SourceBooksSnapshot | undefined, fills: Iterable<Fill>): SourcePositions {
    const ledger = new SourcePositions();
    for (const [source, book] of Object.entries(brought ?? {})) {
      ledger.books.set(source, { positions: new Map(Object.entries(book.positions)), commission: book.commission });
    }
    for (const fill of fills) ledger.apply(fill);
    return ledger;
  }

  snapshot(): SourceBooksSnapshot {
    const books: Record<string, SourceBookSnapshot> = {};
    for (const [source, book] of this.books) books[source] = { commission: book.commission, positions: Object.fromEntries(book.positions) };
    return books;
  }

  /** Books one fill to its source; the position it leaves. */
  apply(fill: Fill): Position {
    const source = sourceOfClientOrderId(fill.clientOrderId);
    let book = this.books.get(source);
    if (book === undefined) {
      book = { positions: new Map(), commission: ZERO };
      this.books.set(source, book);
    }
    const before = book.positions.get(fill.symbol) ?? flatPosition(fill.symbol);
    const after = applyFillToPosition(before, fill.side, fill.qty, fill.price, fill.notional);
    book.positions.set(fill.symbol, after);
    book.commission = book.commission.plus(fill.commission);
    return after;
  }

  sources(): string[] {
    return [...this.books.keys()];
  }

  book(source: string): SourceBook {
    const book = this.books.get(source);
    return book === undefined ? { positions: new Map(), commission: ZERO } : book;
  }

  position(source: string, symbol: string): Position {
    return this.books.get(source)?.positions.get(symbol) ?? flatPosition(symbol);
  }

  /** Realized P&L of the source's round trips, less every commission its fills paid. */
  realized(source: string): Decimal {
    const { positions, commission } = this.book(source);
    let total = ZERO;
    for (const position of positions.values()) total = total.plus(position.realizedPnl);
    return total.minus(commission);
  }

  /** What closing the source's open positions at these marks would realize; undefined while any lacks a mark. */
  unrealized(source: string, mark: (symbol: string) => Decimal | undefined): Decimal | undefined {
    let total = ZERO;
    for (const position of this.book(source).positions.values()) {
      if (position.qty.isZero()) continue;
      const last = mark(position.symbol);
      if (last === undefined) return undefined;
      total = total.plus(unrealizedPnl(position, last));
    }
    return total;
  }
}
