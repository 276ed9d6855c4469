import type { BrokerAccount, ConnectionState, MarketClock } from '../broker/port.js';
import type { EventBus } from './event-bus.js';
import type { CoreEvent } from './events.js';

/**
 * The latest of what the broker says about itself and the account: connection health, account
 * figures and the market clock. Each change is published; the latest values are kept for the
 * pre-trade checks and for a console that subscribes late.
 */
export class BrokerStatus {
  private connectionState: ConnectionState;
  private lastAccount: BrokerAccount | undefined;
  private lastClock: MarketClock | undefined;

  constructor(
    private readonly bus: EventBus,
    initial: ConnectionState,
  ) {
    this.connectionState = initial;
  }

  get connection(): ConnectionState {
    return this.connectionState;
  }

  get account(): BrokerAccount | undefined {
    return this.lastAccount;
  }

  streamHealthy(): boolean {
    return this.connectionState.stream === 'ok';
  }

  setConnection(state: ConnectionState): void {
    this.connectionState = state;
    this.bus.emit({ type: 'connection', state });
  }

  setAccount(account: BrokerAccount): void {
    this.lastAccount = account;
    this.bus.emit({ type: 'account', account });
  }

  setClock(clock: MarketClock): void {
    this.lastClock = clock;
    this.bus.emit({ type: 'clock', clock });
  }

  events(): CoreEvent[] {
    const events: CoreEvent[] = [{ type: 'connection', state: this.connectionState }];
    if (this.lastAccount !== undefined) events.push({ type: 'account', account: this.lastAccount });
    if (this.lastClock !== undefined) events.push({ type: 'clock', clock: this.lastClock });
    return events;
  }
}
