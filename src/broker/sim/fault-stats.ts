import type { FaultStats as BrokerFaultStats } from '../controls.js';
import type { CallFaultKind } from './fault-config.js';
import type { SimOperation } from './sim-operations.js';

export type CancelRace = 'fill_before_request' | 'fill_before_cancel';
/** An injected error: one of the call faults, or a request refused because REST was down. */
export type InjectedErrorKind = CallFaultKind | 'restOutage';

/** What the faults did so far, for tests and reports: the broker layer's FaultStats, by the sim's own kinds, operations and races. */
export type FaultStats = BrokerFaultStats<InjectedErrorKind, SimOperation, CancelRace>;

/** Counts being kept, by operation. */
type Counts = { [O in SimOperation]?: number };

type UpdateCount = keyof FaultStats['updates'];

/** The running counts behind FaultStats. */
export class FaultCounters {
  private readonly errors: Record<InjectedErrorKind, Counts> = {
    transient: {},
    rateLimited: {},
    ambiguous: {},
    lostResponse: {},
    restOutage: {},
  };
  private readonly executed: Counts = {};
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

function increment(counts: Counts, operation: SimOperation): void {
  counts[operation] = (counts[operation] ?? 0) + 1;
}
