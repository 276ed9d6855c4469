import { ONE, ZERO, dec, maxDec, minDec, type Decimal } from '../decimal.js';
import type { Side } from '../order-types.js';
import { roundToTick, tickSize } from '../tick.js';

export interface SlippageContext {
  readonly side: Side;
  /** The quote price the order takes: the ask for a buy, the bid for a sell. */
  readonly price: Decimal;
  readonly qty: Decimal;
  /** Size displayed at that side of the quote. */
  readonly displayedSize: Decimal;
}

/** Turns the quote price into the execution price: never better for the trader, always on a tick. */
export interface SlippageModel {
  readonly name: string;
  price(context: SlippageContext): Decimal;
}

const BPS = dec(10000);

export function noSlippage(): SlippageModel {
  return { name: 'none', price: ({ price }) => price };
}

/** The same cost on every execution, in basis points of the price. */
export function fixedBpsSlippage(bps: Decimal | string | number): SlippageModel {
  const cost = nonNegative(dec(bps), 'slippage bps');
  return { name: `fixed ${cost.toString()} bps`, price: (context) => slip(context, cost) };
}

export interface SizeSlippageOptions {
  /** Cost of an execution as large as the displayed size, in basis points; scales linearly with size. */
  readonly bpsPerDisplayedSize: Decimal | string | number;
  /** Cost of any execution, however small. */
  readonly baseBps?: Decimal | string | number;
  readonly maxBps?: Decimal | string | number;
}

/** Market impact: the further an execution reaches into (or past) the displayed size, the worse it gets. */
export function sizeBasedSlippage(options: SizeSlippageOptions): SlippageModel {
  const perSize = nonNegative(dec(options.bpsPerDisplayedSize), 'slippage bpsPerDisplayedSize');
  const base = nonNegative(dec(options.baseBps ?? 0), 'slippage baseBps');
  const cap = options.maxBps === undefined ? undefined : nonNegative(dec(options.maxBps), 'slippage maxBps');
  return {
    name: `size-based ${perSize.toString()} bps per displayed size`,
    price(context) {
      const reach = context.displayedSize.gt(0) ? context.qty.div(context.displayedSize) : ONE;
      const bps = base.plus(perSize.times(reach));
      return slip(context, cap === undefined ? bps : minDec(bps, cap));
    },
  };
}

function slip({ side, price }: SlippageContext, bps: Decimal): Decimal {
  const move = price.times(bps).div(BPS);
  const moved = roundToTick(side === 'buy' ? price.plus(move) : price.minus(move));
  return maxDec(tickSize(moved), moved);
}

function nonNegative(value: Decimal, name: string): Decimal {
  if (value.lt(ZERO)) throw new RangeError(`${name} must not be negative`);
  return value;
}
