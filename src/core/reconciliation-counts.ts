/**
 * What reconciliation did, by kind, since the session started: what it took from the broker's own
 * orders (inferred fills, adopted orders, closed orders) and what it could only override (positions
 * and cash the broker reports differently, each also booked as an adjustment).
 */
export interface ReconciliationCounts {
  readonly inferredFills: number;
  readonly adoptedOrders: number;
  readonly closedOrders: number;
  readonly positionOverrides: number;
  readonly cashOverrides: number;
}

export const NO_RECONCILIATION: ReconciliationCounts = {
  inferredFills: 0,
  adoptedOrders: 0,
  closedOrders: 0,
  positionOverrides: 0,
  cashOverrides: 0,
};
