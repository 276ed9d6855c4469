import type { TradeUpdate } from '../port.js';
import type { ResolvedFaults } from './fault-config.js';
import type { FaultCounters } from './fault-stats.js';
import type { SeededRandom } from './rng.js';
import type { SimTimers } from './timers.js';

export interface UpdateFaultsDeps {
  readonly timers: SimTimers;
  readonly counters: FaultCounters;
  readonly settings: () => ResolvedFaults;
  readonly dice: () => SeededRandom;
  readonly streamDown: () => boolean;
  /** Hands an update to the subscribers. */
  readonly deliver: (update: TradeUpdate) => void;
}

/**
 * The trade-update stream between the exchange and its clients, where updates go missing, arrive
 * twice, arrive late or overtake each other. Every update held back or late is on a timer, so it is
 * delivered in the end, or lost with the stream if an outage comes first: nothing waits forever.
 */
export class UpdateFaults {
  /** At most one update held back per order, waiting for the next one to overtake it. */
  private readonly held = new Map<string, { readonly update: TradeUpdate; readonly stop: () => void }>();
  private readonly late = new Set<() => void>();

  constructor(private readonly deps: UpdateFaultsDeps) {}

  send(update: TradeUpdate): void {
    const { counters, settings, dice } = this.deps;
    if (this.deps.streamDown()) {
      counters.update('lostInOutage');
      return;
    }
    if (dice().chanceOf(settings().drop)) {
      counters.update('dropped');
      return;
    }
    this.transmit(update);
    if (dice().chanceOf(settings().duplicate)) {
      counters.update('duplicated');
      this.transmit(update);
    }
  }

  /** The stream went down: what it was still carrying is gone, since Alpaca does not replay. */
  lose(): void {
    this.deps.counters.update('lostInOutage', this.held.size + this.late.size);
    for (const { stop } of this.held.values()) stop();
    for (const stop of this.late) stop();
    this.held.clear();
    this.late.clear();
  }

  private transmit(update: TradeUpdate): void {
    const { delay, delayMaxMs } = this.deps.settings();
    const dice = this.deps.dice();
    if (!dice.chanceOf(delay)) {
      this.arrive(update);
      return;
    }
    this.deps.counters.update('delayed');
    const stop = this.deps.timers.after(dice.int(1, Math.max(1, Math.floor(delayMaxMs))), () => {
      this.late.delete(stop);
      this.arrive(update);
    });
    this.late.add(stop);
  }

  private arrive(update: TradeUpdate): void {
    const orderId = update.order.id;
    const held = this.held.get(orderId);
    if (held !== undefined) {
      this.held.delete(orderId);
      held.stop();
      this.deliver(update);
      this.deliver(held.update);
      return;
    }
    const { reorder, reorderHoldMs } = this.deps.settings();
    if (!this.deps.dice().chanceOf(reorder)) {
      this.deliver(update);
      return;
    }
    this.deps.counters.update('reordered');
    const stop = this.deps.timers.after(reorderHoldMs, () => {
      this.held.delete(orderId);
      this.deliver(update);
    });
    this.held.set(orderId, { update, stop });
  }

  private deliver(update: TradeUpdate): void {
    this.deps.counters.update('delivered');
    this.deps.deliver(update);
  }
}
