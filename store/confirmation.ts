import type { Intent } from '../src/command/intent.js';
import { formatWarnings } from '../src/command/preview.js';
import { preTradeWarnings } from '../src/core/pre-trade-warnings.js';
import { ZERO, formatAmount, formatQty, type Decimal } from '../src/domain/decimal.js';
import { isOrderWorking } from '../src/domain/order.js';
import { entryOrderClass } from '../src/domain/protection-plan.js';
import type { ConsoleState } from './console-store.js';
import { estimateNotional } from './order-estimate.js';

/** Orders estimated above this many dollars wait for `y` unless the trader sets another limit. */
export const DEFAULT_CONFIRM_ABOVE_USD = '10000';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * What the broker would likely refuse an order for, read from the orders and positions on screen by
 * the core's own pre-trade rules, in brief (`wash trade: open sell #2`); none for any other command.
 */
export function orderWarnings(intent: Intent, state: Pick<ConsoleState, 'orders' | 'portfolio'>): string[] {
  if (intent.kind !== 'place') return [];
  const { spec, options } = intent;
  const working = Object.values(state.orders).filter((o) => o.symbol === spec.symbol && isOrderWorking(o));
  const book = { working, find: (id: string) => state.orders[id], positionQty: state.portfolio.positions[spec.symbol]?.qty ?? ZERO };
  return preTradeWarnings({ ...spec, orderClass: entryOrderClass(spec, options) }, book).map((warning) => warning.brief);
}

/**
 * Why a command must wait for an explicit `y`, or undefined when Enter may send it: cancelling all
 * orders, closing positions, orders the broker would likely refuse (`warnings`, as orderWarnings
 * finds them) and orders estimated above `confirmAbove` dollars. Nothing asks when there is nothing
 * to do (no working orders to cancel, a flat symbol).
 */
export function confirmationReason(
  intent: Intent,
  state: Pick<ConsoleState, 'orders' | 'portfolio' | 'quotes'>,
  confirmAbove: Decimal,
  warnings: readonly string[] = orderWarnings(intent, state),
): string | undefined {
  switch (intent.kind) {
    case 'cancel': {
      if (intent.target.kind !== 'all') return undefined;
      const working = Object.values(state.orders).filter(isOrderWorking).length;
      return working === 0 ? undefined : `cancels ${plural(working, 'working order', 'working orders')}`;
    }
    case 'flatten': {
      const open = Object.values(state.portfolio.positions).filter((p) => !p.qty.isZero());
      if (intent.target.kind === 'all') {
        return open.length === 0 ? undefined : `closes ${plural(open.length, 'open position', 'open positions')} at market`;
      }
      const { symbol } = intent.target;
      const position = open.find((p) => p.symbol === symbol);
      const working = Object.values(state.orders).some((o) => o.symbol === symbol && isOrderWorking(o));
      if (position === undefined) return working ? `cancels working ${symbol} orders` : undefined;
      return `${working ? `cancels ${symbol} orders, ` : ''}closes ${position.qty.gt(0) ? '+' : ''}${formatQty(position.qty)} ${symbol} at market`;
    }
    case 'place': {
      const estimate = estimateNotional(intent.spec, (symbol) => state.quotes[symbol]);
      const large = estimate !== undefined && estimate.gt(confirmAbove) ? `≈ $${formatAmount(estimate)}, above the $${formatAmount(confirmAbove)} limit` : '';
      // The likely refusal first: a narrow confirmation line cuts from the end.
      const reasons = [formatWarnings(warnings), large].filter((reason) => reason !== '');
      return reasons.length === 0 ? undefined : reasons.join('; ');
    }
    default:
      return undefined;
  }
}
