import type { Intent, StrategyTarget } from '../src/command/intent.js';
import { formatWarnings } from '../src/command/preview.js';
import { preTradeWarnings } from '../src/core/pre-trade-warnings.js';
import { ZERO, formatAmount, formatQty, type Decimal } from '../src/domain/decimal.js';
import { isOrderWorking } from '../src/domain/order.js';
import { entryOrderClass } from '../src/domain/protection-plan.js';
import type { ConsoleState } from './console-store.js';
import { estimateNotional } from './order-estimate.js';
import { isLive, type StrategyView } from './strategy-view.js';

/** Orders estimated above this many dollars wait for `y` unless the trader sets another limit. */
export const DEFAULT_CONFIRM_ABOVE_USD = '10000';

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function signed(qty: Decimal): string {
  return `${qty.gt(0) ? '+' : ''}${formatQty(qty)}`;
}

/** `AAPL is traded by sma1 (sma-cross)` while a strategy that is not stopped owns the symbol. */
function ownerNote(symbol: string, strategies: readonly StrategyView[]): string | undefined {
  const owner = strategies.find((s) => isLive(s) && s.symbols.includes(symbol));
  return owner === undefined ? undefined : `${symbol} is traded by ${owner.id} (${owner.name})`;
}

/** `2 running strategies`, or `3 strategies (2 running, 1 paused)` when not all are running. */
function strategiesText(strategies: readonly StrategyView[]): string {
  const states = new Map<string, number>();
  for (const s of strategies) states.set(s.state, (states.get(s.state) ?? 0) + 1);
  if (states.size === 1 && states.has('running')) return plural(strategies.length, 'running strategy', 'running strategies');
  return `${plural(strategies.length, 'strategy', 'strategies')} (${[...states].map(([state, n]) => `${n} ${state}`).join(', ')})`;
}

/**
 * Stopping every strategy, or one with its position closed, waits for `y`; a plain stop of one does
 * not (it only cancels that strategy's own orders). Nothing asks when nothing would stop or close.
 */
function strategyStopReason(target: StrategyTarget, flatten: boolean, strategies: readonly StrategyView[]): string | undefined {
  const andClose = flatten ? ' and closing their positions at market' : '';
  if (target.kind === 'all') {
    const live = strategies.filter(isLive);
    return live.length === 0 ? undefined : `stops ${strategiesText(live)}, cancelling their working orders${andClose}`;
  }
  if (!flatten) return undefined;
  const strategy = strategies.find((s) => s.id === target.id);
  // Not on screen yet (started within the last second): ask anyway, the command will say if it is unknown.
  if (strategy === undefined) return `stops ${target.id} and closes its position at market`;
  if (!isLive(strategy) || strategy.position.isZero()) return undefined;
  return `stops ${strategy.id} and closes its ${signed(strategy.position)} ${strategy.symbols.join(' ')} at market`;
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
 * finds them), orders estimated above `confirmAbove` dollars, orders and closes on a symbol a
 * strategy trades, and stopping every strategy or closing one's position. Nothing asks when there
 * is nothing to do (no working orders to cancel, a flat symbol).
 */
export function confirmationReason(
  intent: Intent,
  state: Pick<ConsoleState, 'orders' | 'portfolio' | 'quotes' | 'strategies'>,
  confirmAbove: Decimal,
  warnings: readonly string[] = orderWarnings(intent, state),
): string | undefined {
  switch (intent.kind) {
    case 'strategy-stop':
      return strategyStopReason(intent.target, intent.flatten, state.strategies);
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
      const closes = position === undefined ? undefined : `${working ? `cancels ${symbol} orders, ` : ''}closes ${signed(position.qty)} ${symbol} at market`;
      const what = closes ?? (working ? `cancels working ${symbol} orders` : undefined);
      const owned = ownerNote(symbol, state.strategies);
      return what === undefined ? undefined : [owned, what].filter((reason) => reason !== undefined).join('; ');
    }
    case 'place': {
      const estimate = estimateNotional(intent.spec, (symbol) => state.quotes[symbol]);
      const large = estimate !== undefined && estimate.gt(confirmAbove) ? `≈ $${formatAmount(estimate)}, above the $${formatAmount(confirmAbove)} limit` : '';
      // Whose symbol it is, then the likely refusal: a narrow confirmation line cuts from the end.
      const reasons = [ownerNote(intent.spec.symbol, state.strategies) ?? '', formatWarnings(warnings), large].filter((reason) => reason !== '');
      return reasons.length === 0 ? undefined : reasons.join('; ');
    }
    default:
      return undefined;
  }
}
