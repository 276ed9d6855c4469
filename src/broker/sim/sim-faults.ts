import { BrokerError } from '../errors.js';
import type { ConnectionState, TradeUpdate } from '../port.js';
import { CALL_FAULT_KINDS, faultSeedFor, resolveFaults, type CallFaultKind, type FaultConfig, type ResolvedFaults } from './fault-config.js';
import { FaultCounters, type CancelRace, type FaultStats } from './fault-stats.js';
import type { Outage } from './outage.js';
import { SeededRandom } from './rng.js';
import { SimConnection } from './sim-connection.js';
import type { SimOperation } from './sim-operations.js';
import type { SimTimers } from './timers.js';
import { UpdateFaults } from './update-faults.js';

export interface SimFaultsDeps {
  readonly timers: SimTimers;
  readonly now: () => number;
  /** The exchange's seed, from which the faults' own is derived unless the config names one. */
  readonly simSeed: number;
  readonly config: FaultConfig | undefined;
  readonly deliver: (update: TradeUpdate) => void;
  readonly notify: (state: ConnectionState) => void;
}

/**
 * Where faults meet the exchange: every request, every trade update and the connection state pass
 * through here. The faults have their own seeded dice, so switching them on leaves the market's
 * walk alone and one seed gives one sequence of faults. Nothing here touches the ledger: a fault
 * only changes what a client hears.
 */
export class SimFaults {
  private settings: ResolvedFaults;
  private dice: SeededRandom;
  private readonly counters = new FaultCounters();
  private readonly updates: UpdateFaults;
  private readonly connection: SimConnection;

  constructor(deps: SimFaultsDeps) {
    this.settings = resolveFaults(deps.config);
    this.dice = SeededRandom.fromSeed(deps.config?.seed ?? faultSeedFor(deps.simSeed));
    this.updates = new UpdateFaults({
      timers: deps.timers,
      counters: this.counters,
      settings: () => this.settings,
      dice: () => this.dice,
      streamDown: () => this.connection.stream.down,
      deliver: deps.deliver,
    });
    this.connection = new SimConnection({
      timers: deps.timers,
      now: deps.now,
      counters: this.counters,
      notify: deps.notify,
      streamLost: () => this.updates.lose(),
    });
    this.connection.reschedule(this.settings);
  }

  /** Replaces the faults (a config with a seed also reseeds the dice); outages under way end. */
  configure(config: FaultConfig): void {
    const settings = resolveFaults(config);
    this.settings = settings;
    if (config.seed !== undefined) this.dice = SeededRandom.fromSeed(config.seed);
    this.connection.reschedule(settings);
  }

  stats(): FaultStats {
    return this.counters.snapshot();
  }

  state(): ConnectionState {
    return this.connection.state();
  }

  get streamOutage(): Outage {
    return this.connection.stream;
  }

  get restOutage(): Outage {
    return this.connection.rest;
  }

  /** Runs a request as the network lets it: not at all, or with its answer replaced by an error. */
  call<T>(operation: SimOperation, fn: () => T): T {
    if (this.connection.rest.down) {
      this.counters.error('restOutage', operation);
      throw new BrokerError('transient', 'service unavailable', { status: 503 });
    }
    const kind = this.callFault(operation);
    if (kind === undefined) return fn();
    this.counters.error(kind, operation);
    switch (kind) {
      case 'transient':
        throw new BrokerError('transient', 'service unavailable', { status: 503 });
      case 'rateLimited':
        throw new BrokerError('rate_limited', 'too many requests', { status: 429, retryAfterMs: this.settings.retryAfterMs });
      case 'ambiguous':
        if (this.dice.chanceOf(this.settings.ambiguousExecuted)) this.runUnanswered(operation, fn);
        throw new BrokerError('ambiguous', 'gateway timeout: no answer within 10s', { status: 504 });
      case 'lostResponse':
        this.runUnanswered(operation, fn);
        throw new BrokerError('ambiguous', 'connection reset before the response arrived');
    }
  }

  send(update: TradeUpdate): void {
    this.updates.send(update);
  }

  /** Asked for each cancel of an acknowledged order: whether, and how, a fill beats it. */
  cancelRace(): CancelRace | undefined {
    if (!this.dice.chanceOf(this.settings.cancelRace)) return undefined;
    const race: CancelRace = this.dice.chanceOf(0.5) ? 'fill_before_request' : 'fill_before_cancel';
    this.counters.cancelRace(race);
    return race;
  }

  refusedClientOrderId(clientOrderId: string): void {
    this.counters.refusedClientOrderId(clientOrderId);
  }

  private callFault(operation: SimOperation): CallFaultKind | undefined {
    const rates = this.settings.calls[operation];
    if (CALL_FAULT_KINDS.every((kind) => rates[kind] === 0)) return undefined;
    let roll = this.dice.fraction();
    for (const kind of CALL_FAULT_KINDS) {
      if (roll < rates[kind]) return kind;
      roll -= rates[kind];
    }
    return undefined;
  }

  /** The request runs; its answer, a refusal included, is what the network lost. */
  private runUnanswered(operation: SimOperation, fn: () => unknown): void {
    this.counters.executedUnanswered(operation);
    try {
      fn();
    } catch (error) {
      if (!(error instanceof BrokerError)) throw error;
    }
  }
}
