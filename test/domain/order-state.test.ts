import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BlotterError, InvalidTransitionError } from '../../src/domain/errors.js';
import {
  ORDER_EVENTS,
  ORDER_STATUSES,
  canTransition,
  isTerminal,
  isWorking,
  transition,
  type OrderEvent,
  type OrderStatus,
  type StatusChange,
} from '../../src/domain/order-state.js';

/**
 * The documented behaviour, written out independently of the source table: for every status, the
 * events it accepts and what each leads to. `back` = return to the status held before the pending
 * request; `stays` = legitimate but stale or repeated news. Anything absent must be refused.
 */
type Expected = OrderStatus | 'back' | 'stays';
const SPEC: Record<OrderStatus, Partial<Record<OrderEvent, Expected>>> = {
  // A bracket, oco or oto leg waiting on its entry or its sibling: never acknowledged as pending_new.
  held: {
    accepted: 'new', // the entry filled: the leg goes live
    rejected: 'rejected',
    partial_fill: 'partially_filled', // a passive stop leg triggers without ever being new
    fill: 'filled',
    cancel_requested: 'pending_cancel',
    cancel_rejected: 'stays',
    canceled: 'canceled', // its sibling filled: held → canceled with no new
    expired: 'expired',
  },
  pending_new: {
    accepted: 'new',
    rejected: 'rejected',
    partial_fill: 'partially_filled', // fill before acknowledgement
    fill: 'filled', // fill before acknowledgement
    cancel_requested: 'pending_cancel',
    cancel_rejected: 'stays', // a repeated refusal of a cancel already refused
    canceled: 'canceled',
    expired: 'expired',
  },
  new: {
    accepted: 'stays',
    rejected: 'rejected',
    partial_fill: 'partially_filled',
    fill: 'filled',
    cancel_requested: 'pending_cancel',
    cancel_rejected: 'stays',
    canceled: 'canceled',
    expired: 'expired',
    replace_requested: 'pending_replace',
    replace_rejected: 'stays',
  },
  partially_filled: {
    accepted: 'stays',
    partial_fill: 'stays',
    fill: 'filled',
    cancel_requested: 'pending_cancel',
    cancel_rejected: 'stays',
    canceled: 'canceled',
    expired: 'expired',
    replace_requested: 'pending_replace',
    replace_rejected: 'stays',
  },
  pending_cancel: {
    accepted: 'stays',
    rejected: 'rejected', // the submit is refused while a cancel of it is in flight
    partial_fill: 'stays', // fill while a cancel is pending
    fill: 'filled', // fill while a cancel is pending: the cancel lost
    cancel_requested: 'stays',
    cancel_rejected: 'back',
    canceled: 'canceled',
    expired: 'expired',
  },
  pending_replace: {
    accepted: 'stays',
    partial_fill: 'stays',
    fill: 'filled',
    replace_requested: 'stays', // the broker's own pending_replace echo of our request
    replace_rejected: 'back',
    replaced: 'replaced',
    canceled: 'canceled',
    expired: 'expired',
  },
  filled: {
    accepted: 'stays',
    partial_fill: 'stays',
    fill: 'stays',
    cancel_rejected: 'stays',
    canceled: 'stays', // the cancel lost the race: a late cancel confirmation does not undo a fill
    expired: 'stays',
    replace_rejected: 'stays',
  },
  canceled: {
    accepted: 'stays',
    partial_fill: 'stays',
    fill: 'filled', // the cancel lost the race
    cancel_requested: 'stays',
    cancel_rejected: 'stays',
    canceled: 'stays',
    expired: 'stays',
    replace_rejected: 'stays',
  },
  expired: {
    accepted: 'stays',
    partial_fill: 'stays',
    fill: 'filled',
    cancel_rejected: 'stays',
    canceled: 'stays',
    expired: 'stays',
    replace_rejected: 'stays',
  },
  rejected: {
    rejected: 'stays',
  },
  replaced: {
    accepted: 'stays',
    partial_fill: 'stays',
    replaced: 'stays',
    canceled: 'stays',
  },
};

const PENDING: readonly OrderStatus[] = ['pending_cancel', 'pending_replace'];
const TERMINAL_STATUSES: readonly OrderStatus[] = ['filled', 'canceled', 'expired', 'rejected', 'replaced'];

/** Every (status × event) pair, each with what the spec says about it. */
const ALL_PAIRS = ORDER_STATUSES.flatMap((status) =>
  ORDER_EVENTS.map((event) => ({ status, event, expected: SPEC[status][event] })),
);

/** The status held before a pending request, as a plausible value for each pending status. */
function plausiblePrevious(status: OrderStatus): OrderStatus | undefined {
  if (status === 'pending_cancel') return 'partially_filled';
  if (status === 'pending_replace') return 'new';
  return undefined;
}

/** Runs events from a starting status the way the core does: one by one, carrying `previous`. */
function run(events: readonly OrderEvent[], from: OrderStatus = 'pending_new'): StatusChange {
  let state: StatusChange = { status: from, previous: undefined, changed: false };
  for (const event of events) state = transition(state.status, event, state.previous);
  return state;
}

describe('status and event lists', () => {
  it('name exactly the eleven statuses and eleven events the spec covers', () => {
    expect([...ORDER_STATUSES].sort()).toEqual(Object.keys(SPEC).sort());
    expect(ORDER_STATUSES).toHaveLength(11);
    expect(new Set(ORDER_EVENTS)).toEqual(
      new Set([
        'accepted', 'rejected', 'partial_fill', 'fill', 'cancel_requested', 'cancel_rejected',
        'canceled', 'expired', 'replace_requested', 'replace_rejected', 'replaced',
      ]),
    );
    expect(ALL_PAIRS).toHaveLength(121);
  });

  it('classify filled, canceled, expired, rejected and replaced as terminal and the rest as working', () => {
    for (const status of ORDER_STATUSES) {
      const terminal = TERMINAL_STATUSES.includes(status);
      expect(isTerminal(status), status).toBe(terminal);
      expect(isWorking(status), status).toBe(!terminal);
    }
  });
});

describe('the transition table, pair by pair', () => {
  const allowed = ALL_PAIRS.flatMap(({ expected, ...pair }) => (expected === undefined ? [] : [{ ...pair, expected }]));
  const refused = ALL_PAIRS.filter((p) => p.expected === undefined);

  it.each(allowed)('$status + $event → $expected', ({ status, event, expected }) => {
    const previous = plausiblePrevious(status);
    const change = transition(status, event, previous);
    expect(canTransition(status, event)).toBe(true);
    if (expected === 'stays') {
      // A partial fill during a pending request is remembered: a refusal returns to partially_filled.
      const remembered = PENDING.includes(status) && event === 'partial_fill' ? 'partially_filled' : previous;
      expect(change).toEqual({ status, previous: remembered, changed: false });
    } else if (expected === 'back') {
      expect(change).toEqual({ status: previous, previous: undefined, changed: true });
    } else {
      expect(change.status).toBe(expected);
      expect(change.changed).toBe(expected !== status);
      // Entering a pending state remembers where the order came from; anything else forgets it.
      expect(change.previous).toBe(PENDING.includes(expected) ? status : undefined);
    }
  });

  it.each(refused)('$status + $event is refused with a typed error', ({ status, event }) => {
    expect(canTransition(status, event)).toBe(false);
    let caught: unknown;
    try {
      transition(status, event, plausiblePrevious(status));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidTransitionError);
    expect(caught).toBeInstanceOf(BlotterError);
    const error = caught as InvalidTransitionError;
    expect(error.from).toBe(status);
    expect(error.event).toBe(event);
    expect(error.name).toBe('InvalidTransitionError');
    expect(error.message).toBe(`order in state ${status} cannot take event ${event}`);
  });
});

describe('real-world edges', () => {
  it('a fill before acknowledgement ends filled', () => {
    expect(run(['fill']).status).toBe('filled');
  });

  it('a partial fill before acknowledgement is partially filled, and the late ack changes nothing', () => {
    expect(run(['partial_fill']).status).toBe('partially_filled');
    expect(run(['partial_fill', 'accepted'])).toEqual({ status: 'partially_filled', previous: undefined, changed: false });
  });

  it('a partial fill while a cancel is pending stays pending cancel', () => {
    const state = run(['accepted', 'cancel_requested', 'partial_fill']);
    expect(state.status).toBe('pending_cancel');
  });

  it('a fill while a cancel is pending ends filled', () => {
    expect(run(['accepted', 'cancel_requested', 'fill'])).toEqual({ status: 'filled', previous: undefined, changed: true });
  });

  it('a cancel that loses the race to a fill ends filled', () => {
    expect(run(['accepted', 'cancel_requested', 'canceled', 'fill']).status).toBe('filled');
  });

  it('a late cancel confirmation after the fill leaves the order filled', () => {
    expect(run(['accepted', 'cancel_requested', 'fill', 'canceled']).status).toBe('filled');
  });

  it('an order that expired but was in fact filled ends filled', () => {
    expect(run(['accepted', 'expired', 'fill']).status).toBe('filled');
  });

  it('a late partial fill on a canceled order leaves it canceled', () => {
    expect(run(['accepted', 'cancel_requested', 'canceled', 'partial_fill']).status).toBe('canceled');
  });

  it('a rejected cancel returns a new order to new', () => {
    expect(run(['accepted', 'cancel_requested', 'cancel_rejected'])).toEqual({ status: 'new', previous: undefined, changed: true });
  });

  it('a rejected cancel returns a partially filled order to partially filled', () => {
    const state = run(['accepted', 'partial_fill', 'cancel_requested', 'cancel_rejected']);
    expect(state).toEqual({ status: 'partially_filled', previous: undefined, changed: true });
  });

  it('a rejected cancel returns an unacknowledged order to pending new', () => {
    expect(run(['cancel_requested', 'cancel_rejected']).status).toBe('pending_new');
  });

  it('a rejected cancel of an order that filled partly while the cancel was pending returns to partially filled', () => {
    expect(run(['accepted', 'cancel_requested', 'partial_fill', 'cancel_rejected']).status).toBe('partially_filled');
  });

  it('a rejected cancel of an order acknowledged while the cancel was pending returns to new', () => {
    expect(run(['cancel_requested', 'accepted', 'cancel_rejected']).status).toBe('new');
  });

  it('a rejected replace returns to the prior status', () => {
    expect(run(['accepted', 'replace_requested', 'replace_rejected']).status).toBe('new');
    expect(run(['accepted', 'partial_fill', 'replace_requested', 'replace_rejected']).status).toBe('partially_filled');
    expect(run(['accepted', 'replace_requested', 'partial_fill', 'replace_rejected']).status).toBe('partially_filled');
  });

  it('a rejected cancel without a remembered status falls back to new', () => {
    expect(transition('pending_cancel', 'cancel_rejected')).toEqual({ status: 'new', previous: undefined, changed: true });
    expect(transition('pending_replace', 'replace_rejected')).toEqual({ status: 'new', previous: undefined, changed: true });
  });

  it('a repeated cancel rejection after the order went back is ignored', () => {
    expect(run(['accepted', 'cancel_requested', 'cancel_rejected', 'cancel_rejected'])).toEqual({
      status: 'new',
      previous: undefined,
      changed: false,
    });
  });

  it('an order whose submit is rejected while a cancel is pending ends rejected', () => {
    expect(run(['cancel_requested', 'rejected']).status).toBe('rejected');
  });

  it('a replace completes as replaced, and a fill during it still counts', () => {
    expect(run(['accepted', 'replace_requested', 'replaced']).status).toBe('replaced');
    expect(run(['accepted', 'replace_requested', 'fill']).status).toBe('filled');
  });

  it('no replace before the broker has acknowledged the order', () => {
    expect(() => run(['replace_requested'])).toThrow(InvalidTransitionError);
  });

  it('a held leg goes live when its entry fills, then fills', () => {
    expect(run(['accepted', 'fill'], 'held')).toEqual({ status: 'filled', previous: undefined, changed: true });
  });

  it('a passive held leg is canceled when its sibling fills, with no new before it', () => {
    expect(run(['canceled'], 'held')).toEqual({ status: 'canceled', previous: undefined, changed: true });
  });

  it('a held stop leg that triggers fills without ever being new', () => {
    expect(run(['partial_fill', 'fill'], 'held').status).toBe('filled');
  });

  it('a rejected cancel returns a held leg to held, and a held leg takes no replace', () => {
    expect(run(['cancel_requested', 'cancel_rejected'], 'held')).toEqual({ status: 'held', previous: undefined, changed: true });
    expect(() => run(['replace_requested'], 'held')).toThrow(InvalidTransitionError);
  });

  it('a filled order takes no cancel or replace request, rejection or replacement', () => {
    for (const event of ['cancel_requested', 'replace_requested', 'rejected', 'replaced'] as const) {
      expect(() => run(['fill', event]), event).toThrow(InvalidTransitionError);
    }
  });
});

describe('terminal states never regress', () => {
  const terminal = fc.constantFrom(...TERMINAL_STATUSES);
  const events = fc.array(fc.constantFrom(...ORDER_EVENTS), { maxLength: 30 });

  it('property: from a terminal status every event either throws or lands in a terminal status', () => {
    fc.assert(
      fc.property(terminal, events, (start, sequence) => {
        let status = start;
        for (const event of sequence) {
          let next: OrderStatus;
          try {
            next = transition(status, event).status;
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidTransitionError);
            continue;
          }
          expect(isTerminal(next)).toBe(true);
          status = next;
        }
      }),
    );
  });

  it('property: filled, rejected and replaced never move; canceled and expired only ever move to filled', () => {
    fc.assert(
      fc.property(terminal, events, (start, sequence) => {
        let status = start;
        for (const event of sequence) {
          if (!canTransition(status, event)) continue;
          const next = transition(status, event).status;
          if (next !== status) {
            expect(['canceled', 'expired']).toContain(status);
            expect(next).toBe('filled');
          }
          status = next;
        }
        const reachable = start === 'canceled' || start === 'expired' ? [start, 'filled'] : [start];
        expect(reachable).toContain(status);
      }),
    );
  });
});

describe('any sequence of broker news', () => {
  const events = fc.array(fc.constantFrom(...ORDER_EVENTS), { maxLength: 40 });

  /** Applies what the table accepts and skips what it refuses, as the core does with broker news. */
  function replay(sequence: readonly OrderEvent[], onStep: (before: StatusChange, event: OrderEvent, after: StatusChange) => void): void {
    let state: StatusChange = { status: 'pending_new', previous: undefined, changed: false };
    for (const event of sequence) {
      if (!canTransition(state.status, event)) {
        expect(() => transition(state.status, event, state.previous)).toThrow(InvalidTransitionError);
        continue;
      }
      const next = transition(state.status, event, state.previous);
      onStep(state, event, next);
      state = next;
    }
  }

  it('property: a status to go back to is remembered exactly while a cancel or replace is pending', () => {
    fc.assert(
      fc.property(events, (sequence) => {
        replay(sequence, (_before, _event, after) => {
          const pending = PENDING.includes(after.status);
          expect(after.previous !== undefined).toBe(pending);
          if (after.previous !== undefined) {
            expect(['pending_new', 'new', 'partially_filled']).toContain(after.previous);
          }
        });
      }),
    );
  });

  it('property: once terminal, always terminal', () => {
    fc.assert(
      fc.property(events, (sequence) => {
        replay(sequence, (before, _event, after) => {
          if (isTerminal(before.status)) expect(isTerminal(after.status)).toBe(true);
        });
      }),
    );
  });

  it('property: an order that has had a partial fill never goes back to new or pending new', () => {
    fc.assert(
      fc.property(events, (sequence) => {
        let partlyFilled = false;
        replay(sequence, (_before, event, after) => {
          if (event === 'partial_fill' || event === 'fill') partlyFilled = true;
          if (partlyFilled) expect(['new', 'pending_new']).not.toContain(after.status);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('property: changed is true exactly when the status differs', () => {
    fc.assert(
      fc.property(events, (sequence) => {
        replay(sequence, (before, _event, after) => {
          expect(after.changed).toBe(after.status !== before.status);
        });
      }),
    );
  });
});
