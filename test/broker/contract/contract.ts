import { afterEach, beforeEach, describe } from 'vitest';
import type { Decimal } from '../../../src/domain/decimal.js';
import type { Broker, MarketData } from '../../../src/broker/port.js';
import { activityCases } from './activities.js';
import { classCases } from './classes.js';
import { orderCases } from './orders.js';
import { pagingCases } from './paging.js';
import { refusalCases } from './refusals.js';
import { ContractSession } from './session.js';
import { streamCases } from './streams.js';

/** What the market shows for one symbol, as a driver sets it. */
export interface MarketQuote {
  readonly bid: Decimal;
  readonly ask: Decimal;
  readonly last: Decimal;
  readonly bidSize: Decimal;
  readonly askSize: Decimal;
}

/**
 * How a case makes the market do things and time pass. Prices move only when the driver moves
 * them, so a resting order stays resting and a quote stream is quiet unless told otherwise.
 */
export interface ContractDriver {
  /** Sets a symbol's quote; orders it makes marketable may trade on the next settle(). */
  setQuote(symbol: string, quote: MarketQuote): Promise<void>;
  /**
   * Lets time pass until the exchange has done what it can now (acknowledgements, executions
   * against the current quotes, cancels and replacements landing) and every trade update and
   * market-data message up to then has been delivered.
   */
  settle(): Promise<void>;
  /** Whether the displayed size bounds what one execution takes, so a small size gives a partial fill. */
  readonly sizeBoundsFills: boolean;
  /**
   * Optional: from now on, a cancel of an acknowledged order near the market loses the race to a
   * fill of all that is left. Cases that need it are skipped without it.
   */
  cancelsLoseToFills?(): Promise<void>;
}

/**
 * One adapter under test, fresh for each case: a broker on a market that trades SYMBOL and
 * OTHER_SYMBOL (and not UNKNOWN_SYMBOL), an account that starts flat with at least $100,000 of
 * buying power, and the driver of that market.
 */
export interface ContractSubject {
  readonly broker: Broker & MarketData;
  readonly driver: ContractDriver;
  close(): Promise<void>;
}

/**
 * Registers the broker contract for one adapter: every case runs on a subject from `make`, closed
 * after it. The cases speak only the ports, so any adapter that passes behaves as the core expects.
 */
export function brokerContract(name: string, make: () => Promise<ContractSubject>): void {
  describe(`broker contract: ${name}`, () => {
    let current: ContractSession | undefined;
    beforeEach(async () => {
      current = await ContractSession.open(await make());
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });
    const session = (): ContractSession => {
      if (current === undefined) throw new Error('no contract session: a case ran outside brokerContract');
      return current;
    };
    orderCases(session);
    refusalCases(session);
    classCases(session);
    pagingCases(session);
    activityCases(session);
    streamCases(session);
  });
}
