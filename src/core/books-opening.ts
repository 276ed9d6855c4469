import type { Decimal } from '../domain/decimal.js';
import type { BrokerOrder, BrokerOrderStatus } from '../broker/port.js';

/** What an order working when the books opened had already filled: in the opening balances, never booked. */
export interface BroughtFill {
  readonly filledQty: Decimal;
  readonly filledAvgPrice?: Decimal;
  readonly commission?: Decimal;
}

/** Broker statuses after which an order can fill no more. */
const FINISHED: ReadonlySet<BrokerOrderStatus> = new Set(['filled', 'canceled', 'expired', 'replaced', 'rejected']);

/**
 * When the books opened on an account that already had history, and what its working orders had
 * filled by then. The account's positions and cash at that moment are the opening balances, so an
 * order created earlier is not the books' history: one that had finished is never taken in, one
 * still working is, with what it had filled counted as brought forward. Books opened before this
 * was kept have no opening and take every order the broker shows as theirs.
 */
export class BooksOpening {
  private readonly working = new Map<string, BroughtFill>();

  constructor(private openedAt: number | undefined) {}

  get at(): number | undefined {
    return this.openedAt;
  }

  /** The books open now; `working` are the broker's open orders as read with the opening balances. */
  open(at: number, working: readonly BrokerOrder[]): void {
    this.openedAt = at;
    for (const order of working) {
      for (const one of [order, ...(order.legs ?? [])]) this.working.set(one.id, broughtFill(one));
    }
  }

  /**
   * Whether an order the books do not know belongs to the time before they opened and had finished
   * by then (as far as can be told: one missing from the opening's list, or known only after a
   * restart, counts as finished when it is finished now). Its fills are in the opening balances.
   */
  isHistory(order: BrokerOrder): boolean {
    if (!this.predates(order)) return false;
    const family = [order, ...(order.legs ?? [])];
    return family.every((one) => !this.working.has(one.id) && FINISHED.has(one.status));
  }

  /**
   * What an order created before the opening had filled by then, for adopting it: as read at the
   * opening, or else (the opening's list was lost with a restart) as it stands now. Undefined for an
   * order of the books' own time, whose every fill is booked.
   */
  brought(order: BrokerOrder): BroughtFill | undefined {
    if (!this.predates(order)) return undefined;
    return this.working.get(order.id) ?? broughtFill(order);
  }

  private predates(order: BrokerOrder): boolean {
    return this.openedAt !== undefined && Date.parse(order.createdAt) < this.openedAt;
  }
}

function broughtFill(order: BrokerOrder): BroughtFill {
  return {
    filledQty: order.filledQty,
    ...(order.filledAvgPrice !== undefined && { filledAvgPrice: order.filledAvgPrice }),
    ...(order.commission !== undefined && { commission: order.commission }),
  };
}
