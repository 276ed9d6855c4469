import { ValidationError } from '../domain/errors.js';
import type { Clock } from '../kernel/clock.js';

/** Why a signal found no slot: every slot is taken, or this strategy already has one on the symbol. */
export type SlotRefusalReason = 'all_in_use' | 'in_flight';

/** One signal holding a slot, as the strategies and metrics panes show it. */
export interface SlotHolding {
  /** Numbered from 1 in the order slots were taken, so a refusal can name the signal in the way. */
  readonly signal: number;
  readonly strategyId: string;
  readonly symbol: string;
  readonly since: number;
  readonly reason?: string;
}

export interface SlotLease extends SlotHolding {
  readonly released: boolean;
  /** Frees the slot; true when this call freed it, false when it was already free. */
  release(): boolean;
  /**
   * Holds the slot until `done` settles, either way. The live path hands it the promise of the
   * order's end (filled, canceled, rejected, expired or timed out).
   */
  holdUntil(done: Promise<unknown>): void;
}

export interface SlotRefusal {
  readonly ok: false;
  readonly reason: SlotRefusalReason;
  /** One line for the log: `all 3 signal slots are in use (by sma1 AAPL, brk2 MSFT, mr3 TSLA)`. */
  readonly message: string;
}

export type SlotTake = { readonly ok: true; readonly lease: SlotLease } | SlotRefusal;

export type SlotRun<T> = { readonly ok: true; readonly value: T } | SlotRefusal;

export interface SlotFigures {
  readonly capacity: number;
  readonly inUse: number;
  /** The most ever held at once. */
  readonly peak: number;
  readonly taken: number;
  readonly released: number;
  readonly refused: Readonly<Record<SlotRefusalReason, number>>;
}

/**
 * Signals in flight: at most `capacity` across all strategies and one per strategy and symbol.
 *
 * A signal that finds no slot is refused at once, never queued: a signal is about the market now,
 * and one that waited its turn would trade on a stale bar.
 *
 * Taking a slot is one synchronous check-and-take: JavaScript runs `take` to its end before any
 * other callback, so two strategies racing for the last slot cannot both see it free. async-mutex's
 * `tryAcquire` was not used for this: it decides through a 0 ms timer rather than at once (a slot
 * freed before the timer fires is granted after all), and a request it refuses stays queued in the
 * semaphore, so the next release hands the slot to that dead request for a moment.
 *
 * Slots live only in this object: a crash takes them with it and nothing is restored as held.
 */
export class SignalSlots {
  private readonly held = new Map<string, Lease>();
  private nextSignal = 1;
  private peak = 0;
  private taken = 0;
  private released = 0;
  private readonly refused: Record<SlotRefusalReason, number> = { all_in_use: 0, in_flight: 0 };

  constructor(
    readonly capacity: number,
    private readonly clock: Pick<Clock, 'now'>,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new ValidationError(`signal slots must be a whole number from 1 up, not ${String(capacity)}`);
    }
  }

  take(strategyId: string, symbol: string, reason?: string): SlotTake {
    const key = slotKey(strategyId, symbol);
    const inFlight = this.held.get(key);
    if (inFlight !== undefined) {
      return this.refuse('in_flight', `${strategyId} already has a signal in flight on ${symbol} (#${inFlight.signal})`);
    }
    if (this.held.size >= this.capacity) {
      const holders = [...this.held.values()].map((lease) => `${lease.strategyId} ${lease.symbol}`).join(', ');
      const all = this.capacity === 1 ? 'the only signal slot is' : `all ${this.capacity} signal slots are`;
      return this.refuse('all_in_use', `${all} in use (by ${holders})`);
    }
    const signal = this.nextSignal++;
    const holding: SlotHolding = { signal, strategyId, symbol, since: this.clock.now(), ...(reason === undefined ? {} : { reason }) };
    const lease = new Lease(holding, () => this.free(key));
    this.held.set(key, lease);
    this.taken++;
    this.peak = Math.max(this.peak, this.held.size);
    return { ok: true, lease };
  }

  /**
   * Runs `work` holding a slot and frees it when `work` ends, however it ends. The live path may
   * await the order's end inside `work`; a backtest, which has no promises in its loop, uses
   * take() and release() instead.
   */
  async withSlot<T>(
    strategyId: string,
    symbol: string,
    work: (lease: SlotLease) => Promise<T> | T,
    reason?: string,
  ): Promise<SlotRun<T>> {
    const taken = this.take(strategyId, symbol, reason);
    if (!taken.ok) return taken;
    try {
      return { ok: true, value: await work(taken.lease) };
    } finally {
      taken.lease.release();
    }
  }

  /** Frees every slot a stopping strategy holds; returns what was held, for the stop report. */
  releaseAll(strategyId: string): SlotHolding[] {
    const leases = [...this.held.values()].filter((lease) => lease.strategyId === strategyId);
    for (const lease of leases) lease.release();
    return leases.map(snapshot);
  }

  /** Who holds what and since when, oldest first; one strategy's only when `strategyId` is given. */
  holdings(strategyId?: string): SlotHolding[] {
    const leases = [...this.held.values()];
    return leases.filter((lease) => strategyId === undefined || lease.strategyId === strategyId).map(snapshot);
  }

  figures(): SlotFigures {
    const { capacity, peak, taken, released } = this;
    return { capacity, inUse: this.held.size, peak, taken, released, refused: { ...this.refused } };
  }

  private refuse(reason: SlotRefusalReason, message: string): SlotRefusal {
    this.refused[reason]++;
    return { ok: false, reason, message };
  }

  private free(key: string): void {
    this.held.delete(key);
    this.released++;
  }
}

class Lease implements SlotLease {
  readonly signal: number;
  readonly strategyId: string;
  readonly symbol: string;
  readonly since: number;
  readonly reason?: string;
  private freed = false;

  constructor(
    holding: SlotHolding,
    private readonly onRelease: () => void,
  ) {
    this.signal = holding.signal;
    this.strategyId = holding.strategyId;
    this.symbol = holding.symbol;
    this.since = holding.since;
    if (holding.reason !== undefined) this.reason = holding.reason;
  }

  get released(): boolean {
    return this.freed;
  }

  release(): boolean {
    // A late release (the order's end arriving after a stop freed the slot) must not free the
    // slot a newer signal now holds for the same strategy and symbol.
    if (this.freed) return false;
    this.freed = true;
    this.onRelease();
    return true;
  }

  holdUntil(done: Promise<unknown>): void {
    const release = (): void => void this.release();
    // Both outcomes are handled, so the chained promise cannot reject and needs no owner.
    void done.then(release, release);
  }
}

/** Strategy ids and symbols never hold a space, so the pair cannot collide with another. */
function slotKey(strategyId: string, symbol: string): string {
  return `${strategyId} ${symbol}`;
}

function snapshot(lease: SlotLease): SlotHolding {
  const { signal, strategyId, symbol, since, reason } = lease;
  return { signal, strategyId, symbol, since, ...(reason === undefined ? {} : { reason }) };
}
