import type { SimOrderRecord } from './sim-orders.js';

/**
 * What changed at the exchange since its state was last made durable: which orders, which
 * positions, how many executions, whether the day's opening equity moved. The exchange reads it to
 * write only what changed; a failed write puts the marks back.
 */
export class SimChangeLog {
  private orders = new Set<SimOrderRecord>();
  private symbols = new Set<string>();
  private fills = 0;
  private account = false;

  order(record: SimOrderRecord): void {
    this.orders.add(record);
  }

  /** An execution was booked: one more fill, and the symbol's position and the cash moved. */
  booked(symbol: string): void {
    this.fills += 1;
    this.symbols.add(symbol);
  }

  accountChanged(): void {
    this.account = true;
  }

  get dirty(): boolean {
    return this.orders.size > 0 || this.fills > 0 || this.account;
  }

  /** Hands over the marks and starts a fresh set. */
  take(): SimChanges {
    const taken: SimChanges = { orders: [...this.orders], symbols: [...this.symbols], fills: this.fills };
    this.orders = new Set();
    this.symbols = new Set();
    this.fills = 0;
    this.account = false;
    return taken;
  }

  /** A write of `taken` failed: its marks join whatever changed since, to be written next time. */
  restore(taken: SimChanges): void {
    for (const record of taken.orders) this.orders.add(record);
    for (const symbol of taken.symbols) this.symbols.add(symbol);
    this.fills += taken.fills;
    this.account = true;
  }
}

export interface SimChanges {
  readonly orders: readonly SimOrderRecord[];
  readonly symbols: readonly string[];
  /** How many executions were booked: the newest this many of the ledger's fills. */
  readonly fills: number;
}
