import type { Order } from '../domain/order.js';
import type { Portfolio } from '../domain/portfolio.js';
import type { Broker, MarketData } from '../broker/port.js';
import type { Redactor } from '../kernel/redact.js';
import type { Clock } from '../kernel/clock.js';
import type { EngineConfig } from './engine-config.js';

export interface RestoredState {
  readonly orders: readonly Order[];
  readonly portfolio: Portfolio | undefined;
  readonly nextSeq: number;
  readonly watchlist: readonly string[];
  /**
   * When the books opened (Balances.openedAt). Without a portfolio the books are new and open at
   * start, with the account's positions and cash; restored without it, they are books from before
   * it was kept, and every order the broker shows is theirs.
   */
  readonly openedAt?: number;
}

export interface EngineOptions {
  readonly broker: Broker;
  /** Prices, apart from trading (the simulator passes the same exchange as both). */
  readonly marketData: MarketData;
  readonly clock: Clock;
  readonly newClientOrderId: (source: string) => string;
  readonly restored: RestoredState;
  readonly config?: Partial<EngineConfig>;
  /** Jitter source for backoff; injected so tests are repeatable. */
  readonly random?: () => number;
  /**
   * Applied to every log entry the core makes, to keep credentials (the configured keys, typed into
   * a command or echoed by the broker) off the screen and out of the profile; without it, credential
   * shapes such as `key=…` are still redacted.
   */
  readonly redact?: Redactor;
}
