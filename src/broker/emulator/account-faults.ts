import type { Clock } from '../../kernel/clock.js';
import type { BrokerPosition, TradeUpdate, TradeUpdateEvent, Unsubscribe } from '../port.js';
import { faultSeedFor } from '../sim/fault-config.js';
import { SeededRandom } from '../sim/rng.js';
import type { SimExchange } from '../sim/sim-exchange.js';
import { FILL_BEFORE_ACK_MAX_MS, type AlpacaFaults } from './emulator-faults.js';
import { PositionLag } from './position-lag.js';

/** The Alpaca faults decided one trade update or request at a time, by the account's dice. */
export type RolledFault = 'fillBeforeAck' | 'replay' | 'terminalTwice' | 'silentLoss';

/** What the account's Alpaca faults did so far, for tests and the admin plane. */
export interface AccountFaultStats {
  /** Submit answers held until the order's execution or end had gone out on the stream. */
  readonly heldAnswers: number;
  /** Fills (and the `new` before them) sent again with the same execution id. */
  readonly replayed: number;
  readonly terminalsTwice: number;
  readonly silentlyLost: number;
  /** Position reads answered with positions from before a recent fill. */
  readonly laggedPositionReads: number;
}

/** Events that release a held submit answer: the order traded or ended. */
const ANSWERING: ReadonlySet<TradeUpdateEvent> = new Set(['partial_fill', 'fill', 'canceled', 'expired', 'rejected', 'done_for_day']);

/** Mixed into the account's fault seed so its dice differ from its exchange's own fault dice. */
const ALPACA_DICE = 0x0a1ac4;

export interface AccountFaultsDeps {
  readonly exchange: SimExchange;
  /** The clock the exchange runs on. */
  readonly clock: Clock;
  /** The account's seed (its exchange's); the dice are derived from it unless a spec names a seed. */
  readonly seed: number;
}

/**
 * One account's Alpaca faults: their settings, their own seeded dice (so one seed replays one run
 * of faults), submit answers held for the stream, and the lagging view of positions.
 */
export class AccountFaults {
  private settings: AlpacaFaults = {};
  private dice: SeededRandom;
  private readonly holds = new Map<string, () => void>();
  private lag: { readonly view: PositionLag; readonly stop: Unsubscribe } | undefined;
  private readonly counts = { heldAnswers: 0, replayed: 0, terminalsTwice: 0, silentlyLost: 0, laggedPositionReads: 0 };

  constructor(private readonly deps: AccountFaultsDeps) {
    this.dice = SeededRandom.fromSeed(faultSeedFor(deps.seed) ^ ALPACA_DICE);
  }

  /** Replaces the settings; a seed reseeds the dice, as the exchange's own faults do. */
  configure(faults: AlpacaFaults, seed?: number): void {
    this.settings = faults;
    if (seed !== undefined) this.dice = SeededRandom.fromSeed(seed ^ ALPACA_DICE);
    const lagging = (faults.positionLagMs ?? 0) > 0;
    if (lagging && this.lag === undefined) {
      const view = new PositionLag(this.deps.exchange);
      this.lag = { view, stop: this.deps.exchange.subscribeTradeUpdates(() => view.note()) };
    } else if (!lagging) {
      this.lag?.stop();
      this.lag = undefined;
    }
  }

  /** Whether this fault strikes now; a strike of the stream's faults is counted here. */
  roll(fault: RolledFault): boolean {
    const struck = this.dice.chanceOf(this.settings[fault] ?? 0);
    if (struck && fault === 'replay') this.counts.replayed++;
    if (struck && fault === 'terminalTwice') this.counts.terminalsTwice++;
    if (struck && fault === 'silentLoss') this.counts.silentlyLost++;
    return struck;
  }

  /**
   * Holds the answer of a submit with this client order id until the order trades or ends on the
   * stream, or the hold runs out. Made before the submit, so no update can slip past it; a submit
   * refused cancels its hold, which then does not count.
   */
  holdAnswer(clientOrderId: string): { readonly released: Promise<void>; readonly cancel: () => void } {
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const stop = this.deps.clock.setTimer(() => done(), this.settings.fillBeforeAckMaxMs ?? FILL_BEFORE_ACK_MAX_MS);
    const done = (): void => {
      stop();
      if (this.holds.get(clientOrderId) === done) this.holds.delete(clientOrderId);
      release();
    };
    this.holds.set(clientOrderId, done);
    this.counts.heldAnswers++;
    const cancel = (): void => {
      this.counts.heldAnswers--;
      done();
    };
    return { released, cancel };
  }

  /** An update went out on the account's stream. */
  sent(update: TradeUpdate): void {
    if (ANSWERING.has(update.event)) this.holds.get(update.order.clientOrderId)?.();
  }

  /** Positions as the lag shows them now; undefined when there is no lag or the current ones are due. */
  laggedPositions(): BrokerPosition[] | undefined {
    const lagMs = this.settings.positionLagMs;
    if (this.lag === undefined || lagMs === undefined) return undefined;
    const shown = this.lag.view.shown(this.deps.clock.now(), lagMs);
    if (shown !== undefined) this.counts.laggedPositionReads++;
    return shown;
  }

  stats(): AccountFaultStats {
    return { ...this.counts };
  }

  /** Lets every held answer go and stops following the exchange. */
  close(): void {
    for (const done of [...this.holds.values()]) done();
    this.lag?.stop();
    this.lag = undefined;
  }
}
