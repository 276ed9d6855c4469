import { simExchangeId } from '../../broker/sim/sim-exchange.js';
import { StartupError } from '../startup-error.js';
import type { ExchangeStore } from './exchange-store.js';
import type { BooksOnFile } from './opened-broker.js';

/**
 * Books kept against an exchange need that exchange: a missing exchange file is not a new, empty
 * exchange (that would silently close every working order and zero every position), and another
 * exchange's file is not this one's. Starting afresh is the trader's explicit choice.
 */
export function assertSameExchange(books: BooksOnFile | undefined, exchangeStore: ExchangeStore, reset: boolean): void {
  if (reset) return;
  const saved = exchangeStore.saved;
  if (saved === undefined) {
    if (books === undefined) return;
    throw new StartupError(
      `${exchangeStore.path} is missing, but ${books.keptAgainst === undefined ? 'the profile' : `the profile (kept against ${books.keptAgainst})`} ` +
        `holds ${books.orders} orders and its positions; restore that file, or start a new simulated exchange with --reset-exchange ` +
        '(its working orders are then gone and positions are corrected by adjustments)',
    );
  }
  const id = simExchangeId(saved.ids.tag);
  if (books?.keptAgainst !== undefined && books.keptAgainst !== id) {
    throw new StartupError(
      `${exchangeStore.path} holds exchange ${id}, but the profile is kept against ${books.keptAgainst}; ` +
        'put the right file back, or start a new simulated exchange with --reset-exchange',
    );
  }
  if (books === undefined && (saved.orders.length > 0 || saved.fills.length > 0)) {
    throw new StartupError(
      `${exchangeStore.path} holds ${saved.orders.length} orders, but their profile is missing; restore it, ` +
        'or start a new simulated exchange and profile with --reset-exchange',
    );
  }
}
