import type { CallFaultKind } from './fault-config.js';
import type { SimOperation } from './sim-operations.js';

export type CancelRace = 'fill_before_request' | 'fill_before_cancel';
/** An injected error: one of the call faults, or a request refused because REST was down. */
export type InjectedErrorKind = CallFaultKind | 'restOutage';
export type OperationCounts = Partial<Record<SimOperation, number>>;

/** What the faults did so far, for tests and reports. */
export interface FaultStats {
  /** Errors the caller got, by kind and operation. */
  readonly errors: Readonly<Record<InjectedErrorKind, OperationCounts>>;
  /** Requests that ran at the exchange although the caller got 'ambiguous' (lost responses, executed timeouts). */
  readonly executedUnanswered: OperationCounts;
  readonly updates: {
    /** Handed to subscribers, duplicates and late ones included. */
    readonly delivered: number;
    readonly dropped: number;
    readonly duplicated: number;
    readonly delayed: number;
    /** Held back: overtaken by the next update of the order, or let go when the hold ran out. */
    readonly reordered: number;
    /** Sent, held or in flight while the stream was down. */
    readonly lostInOutage: number;
  };
  /** Outages begun, by channel. */
  readonly outages: { readonly stream: number; readonly rest: number };
  readonly cancelRaces: Readonly<Record<CancelRace, number>>;
  /** Client order ids of submits and replaces refused because the id was already used, one entry per refusal. */
  readonly refusedClientOrderIds: readonly string[];
}

type UpdateCount = keyof FaultStats['updates'];

/** The running counts behind FaultStats. */
export class FaultCounters {
  private readonly errors: Record<InjectedErrorKind, OperationCounts> = {
    transient: {},
    rateLimited: {},
    ambiguous: {},
    lostResponse: {},
    restOutage: {},
  };
  private readonly executed: OperationCounts = {};
  private readonly updates: Record<UpdateCount, number> = {
    delivered: 0,
    dropped: 0,
    duplicated: 0,
    delayed: 0,
    reordered: 0,
    lostInOutage: 0,
  };
  private readonly outages = { stream: 0, rest: 0 };
  private readonly races: Record<CancelRace, number> = { fill_before_request: 0, fill_before_cancel: 0 };
  private readonly refused: string[] = [];

  error(kind: InjectedErrorKind, operation: SimOperation): void {
    increment(this.errors[kind], operation);
  }

  executedUnanswered(operation: SimOperation): void {
    increment(this.executed, operation);
  }

  update(count: UpdateCount, by = 1): void {
    this.updates[count] += by;
  }

  outage(channel: 'stream' | 'rest'): void {
    this.outages[channel] += 1;
  }

  cancelRace(race: CancelRace): void {
    this.races[race] += 1;
  }

  refusedClientOrderId(clientOrderId: string): void {
    this.refused.push(clientOrderId);
  }

  snapshot(): FaultStats {
    return structuredClone({
      errors: this.errors,
      executedUnanswered: this.executed,
      updates: this.updates,
      outages: this.outages,
      cancelRaces: this.races,
      refusedClientOrderIds: this.refused,
    });
  }
}

function increment(counts: OperationCounts, operation: SimOperation): void {
  counts[operation] = (counts[operation] ?? 0) + 1;
}
