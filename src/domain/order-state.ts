import { InvalidTransitionError } from './errors.js';

/** Where an order stands, as the local view knows it. Names follow Alpaca's where they overlap. */
export type OrderStatus =
  | 'held'
  | 'pending_new'
  | 'new'
  | 'partially_filled'
  | 'pending_cancel'
  | 'pending_replace'
  | 'filled'
  | 'canceled'
  | 'expired'
  | 'rejected'
  | 'replaced';

/** What can happen to an order: broker news and the core's own requests. */
export type OrderEvent =
  | 'accepted'
  | 'rejected'
  | 'partial_fill'
  | 'fill'
  | 'cancel_requested'
  | 'cancel_rejected'
  | 'canceled'
  | 'expired'
  | 'replace_requested'
  | 'replace_rejected'
  | 'replaced';

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'held', 'pending_new', 'new', 'partially_filled', 'pending_cancel', 'pending_replace',
  'filled', 'canceled', 'expired', 'rejected', 'replaced',
];
export const ORDER_EVENTS: readonly OrderEvent[] = [
  'accepted', 'rejected', 'partial_fill', 'fill', 'cancel_requested', 'cancel_rejected',
  'canceled', 'expired', 'replace_requested', 'replace_rejected', 'replaced',
];

const TERMINAL: ReadonlySet<OrderStatus> = new Set(['filled', 'canceled', 'expired', 'rejected', 'replaced']);

export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL.has(status);
}

/** Working = the broker may still fill it. */
export function isWorking(status: OrderStatus): boolean {
  return !TERMINAL.has(status);
}

/**
 * A cell of the table: the next status; `previous` (go back to the status held before the pending
 * request); or `same` (legitimate but stale or repeated news: the status stays, quantities may still
 * move). A missing cell is an impossible move and raises InvalidTransitionError.
 */
type Outcome = OrderStatus | 'previous' | 'same';

/**
 * The one transition table. Real-world edges it accepts on purpose:
 * - fill before acknowledgement (pending_new → partially_filled / filled);
 * - fill while a cancel or replace is pending (stays pending on a partial, filled on the last);
 * - fill after cancel or expiry: the cancel lost the race, the order ends filled;
 * - cancel or replace rejected → back to the status before the request; what happened while the
 *   request was pending counts (a partial fill makes that status partially_filled, an ack makes a
 *   pending_new one new), and a repeated refusal after that changes nothing;
 * - a submit rejected while a cancel of it is pending ends rejected;
 * - late or duplicated news on a terminal order leaves it where it is: terminal states never regress.
 */
export const TRANSITIONS: Readonly<Record<OrderStatus, Readonly<Partial<Record<OrderEvent, Outcome>>>>> = {
  // A leg of a bracket, oco or oto waiting on its entry or its sibling. A passive leg may go straight
  // to canceled (its sibling filled) or to filled (a stop leg triggers without ever being `new`).
  held: {
    accepted: 'new',
    rejected: 'rejected',
    partial_fill: 'partially_filled',
    fill: 'filled',
    cancel_requested: 'pending_cancel',
    cancel_rejected: 'same',
    canceled: 'canceled',
    expired: 'expired',
  },
  pending_new: {
    accepted: 'new',
    rejected: 'rejected',
    partial_fill: 'partially_filled',
    fill: 'filled',
    cancel_requested: 'pending_cancel',
    cancel_rejected: 'same',
    canceled: 'canceled',
    expired: 'expired',
  },
  new: {
    accepted: 'same',
    rejected: 'rejected',
    partial_fill: 'partially_filled',
    fill: 'filled',
    cancel_requested: 'pending_cancel',
    cancel_rejected: 'same',
    canceled: 'canceled',
    expired: 'expired',
    replace_requested: 'pending_replace',
    replace_rejected: 'same',
  },
  partially_filled: {
    accepted: 'same',
    partial_fill: 'same',
    fill: 'filled',
    cancel_requested: 'pending_cancel',
    cancel_rejected: 'same',
    canceled: 'canceled',
    expired: 'expired',
    replace_requested: 'pending_replace',
    replace_rejected: 'same',
  },
  pending_cancel: {
    accepted: 'same',
    rejected: 'rejected',
    partial_fill: 'same',
    fill: 'filled',
    cancel_requested: 'same',
    cancel_rejected: 'previous',
    canceled: 'canceled',
    expired: 'expired',
  },
  pending_replace: {
    accepted: 'same',
    partial_fill: 'same',
    fill: 'filled',
    replace_requested: 'same',
    replace_rejected: 'previous',
    replaced: 'replaced',
    canceled: 'canceled',
    expired: 'expired',
  },
  filled: {
    accepted: 'same',
    partial_fill: 'same',
    fill: 'same',
    cancel_rejected: 'same',
    canceled: 'same',
    expired: 'same',
    replace_rejected: 'same',
  },
  canceled: {
    accepted: 'same',
    partial_fill: 'same',
    fill: 'filled',
    cancel_requested: 'same',
    cancel_rejected: 'same',
    canceled: 'same',
    expired: 'same',
    replace_rejected: 'same',
  },
  expired: {
    accepted: 'same',
    partial_fill: 'same',
    fill: 'filled',
    cancel_rejected: 'same',
    canceled: 'same',
    expired: 'same',
    replace_rejected: 'same',
  },
  rejected: {
    rejected: 'same',
  },
  replaced: {
    accepted: 'same',
    partial_fill: 'same',
    replaced: 'same',
    canceled: 'same',
  },
};

export interface StatusChange {
  readonly status: OrderStatus;
  /** The status to return to if a pending cancel/replace is rejected. */
  readonly previous: OrderStatus | undefined;
  readonly changed: boolean;
}

/** Applies one event; throws InvalidTransitionError for a move the table does not hold. */
export function transition(status: OrderStatus, event: OrderEvent, previous?: OrderStatus): StatusChange {
  const outcome = TRANSITIONS[status][event];
  if (outcome === undefined) throw new InvalidTransitionError(status, event);
  if (outcome === 'same') return { status, previous: rememberedWhilePending(status, event, previous), changed: false };
  if (outcome === 'previous') {
    const back = previous ?? 'new';
    return { status: back, previous: undefined, changed: back !== status };
  }
  const entersPending = outcome === 'pending_cancel' || outcome === 'pending_replace';
  return { status: outcome, previous: entersPending ? status : undefined, changed: outcome !== status };
}

/**
 * News that arrives while a cancel or replace is pending does not move the status, but it does move
 * the status to go back to if the request is refused: a partial fill makes it partially_filled, an
 * acknowledgement turns pending_new (or a held leg that went live) into new.
 */
function rememberedWhilePending(status: OrderStatus, event: OrderEvent, previous: OrderStatus | undefined): OrderStatus | undefined {
  if (status !== 'pending_cancel' && status !== 'pending_replace') return previous;
  if (event === 'partial_fill') return 'partially_filled';
  if (event === 'accepted' && (previous === 'pending_new' || previous === 'held')) return 'new';
  return previous;
}

export function canTransition(status: OrderStatus, event: OrderEvent): boolean {
  return TRANSITIONS[status][event] !== undefined;
}
