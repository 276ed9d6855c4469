import type { ConnectionState } from '../port.js';
import type { ResolvedFaults } from './fault-config.js';
import type { FaultCounters } from './fault-stats.js';
import { Outage } from './outage.js';
import type { SimTimers } from './timers.js';

export interface SimConnectionDeps {
  readonly timers: SimTimers;
  readonly now: () => number;
  readonly counters: FaultCounters;
  /** Tells connection subscribers the new state. */
  readonly notify: (state: ConnectionState) => void;
  /** The stream just went down: whatever it was still holding is lost. */
  readonly streamLost: () => void;
}

/** The health clients see: the trade-update stream and REST, each up unless an outage is under way. */
export class SimConnection {
  readonly stream: Outage;
  readonly rest: Outage;
  private schedules: (() => void)[] = [];

  constructor(private readonly deps: SimConnectionDeps) {
    this.stream = new Outage(deps.timers, deps.now, (down) => {
      if (down) {
        deps.counters.outage('stream');
        deps.streamLost();
      }
      deps.notify(this.state());
    });
    this.rest = new Outage(deps.timers, deps.now, (down) => {
      if (down) deps.counters.outage('rest');
      deps.notify(this.state());
    });
  }

  state(): ConnectionState {
    return { rest: this.rest.down ? 'down' : 'ok', stream: this.stream.down ? 'down' : 'ok' };
  }

  /** New settings: outages under way end now, and periodic ones count from now. */
  reschedule(settings: ResolvedFaults): void {
    for (const stop of this.schedules) stop();
    this.schedules = [];
    this.stream.end();
    this.rest.end();
    const { streamOutage, restOutage } = settings;
    if (streamOutage !== undefined) {
      this.schedules.push(this.deps.timers.every(streamOutage.everyMs, () => this.stream.start(streamOutage.ms)));
    }
    if (restOutage !== undefined) {
      this.schedules.push(this.deps.timers.every(restOutage.everyMs, () => this.rest.start(restOutage.ms)));
    }
  }
}
