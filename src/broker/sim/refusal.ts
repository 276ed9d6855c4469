import type { Decimal } from '../../domain/decimal.js';
import { BrokerError } from '../errors.js';
import { isOnTick } from '../../domain/tick.js';

/** A request Alpaca would answer 422: something in it is wrong, and the message says what. */
export function invalid(message: string): BrokerError {
  return new BrokerError('rejected', message, { status: 422 });
}

/** A price must be positive and on the tick: a cent from $1 up, a hundredth of a cent below. */
export function checkPrice(price: Decimal | undefined, name: string): void {
  if (price === undefined) return;
  if (price.lte(0)) throw invalid(`${name} must be > 0`);
  if (!isOnTick(price)) {
    throw invalid(`invalid ${name} ${price.toString()}. sub-penny increment does not fulfill minimum pricing criteria`);
  }
}
