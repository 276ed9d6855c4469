import { formatAmount, formatQty, type Decimal } from '../domain/decimal.js';
import { formatDuration } from '../kernel/duration.js';
import type { PlaceOptions } from '../domain/order-options.js';
import type { OrderSpec } from '../domain/order-types.js';
import { protectionPlan } from '../domain/protection-plan.js';
import type { BacktestIntent, Intent, OrderRef } from './intent.js';
import { formatStrategyPreview } from './preview-strategy.js';

/** The part of a quote the preview needs; the broker's Quote fits it as is. */
export interface QuoteSnapshot {
  readonly bid: Decimal;
  readonly ask: Decimal;
  /** Unknown until the symbol trades (the quote stream carries bid and ask only). */
  readonly last?: Decimal;
}

export type QuoteLookup = (symbol: string) => QuoteSnapshot | undefined;

/**
 * One line saying what Enter would send, e.g. `BUY 10 AAPL LIMIT 187.00 DAY  ≈ $1,870.00` or
 * `BUY 10 AAPL LIMIT 187.00 DAY  ttl 30s  bracket tp 195.00 sl 182.00  ≈ $1,870.00`.
 */
export function formatPreview(intent: Intent, quotes?: QuoteLookup): string {
  switch (intent.kind) {
    case 'place':
      return formatPlace(intent.spec, intent.options, quotes);
    case 'cancel': {
      const target = intent.target;
      if (target.kind === 'all') return 'CANCEL ALL working orders';
      if (target.kind === 'symbol') return `CANCEL all working ${target.symbol} orders`;
      return `CANCEL ${formatRef(target.ref)}`;
    }
    case 'replace': {
      const changes = [
        intent.limitPrice === undefined ? '' : ` LIMIT ${formatPrice(intent.limitPrice)}`,
        intent.stopPrice === undefined ? '' : ` STOP ${formatPrice(intent.stopPrice)}`,
        intent.qty === undefined ? '' : ` QTY ${formatQty(intent.qty)}`,
      ];
      return `REPLACE ${formatRef(intent.ref)} →${changes.join('')}`;
    }
    case 'flatten':
      return intent.target.kind === 'all' ? 'FLATTEN ALL positions' : `FLATTEN ${intent.target.symbol}`;
    case 'watch':
      return `WATCH ${intent.symbols.join(' ')}`;
    case 'unwatch':
      return `UNWATCH ${intent.symbols.join(' ')}`;
    case 'halt':
      return intent.reason === undefined ? 'HALT new orders' : `HALT new orders (${intent.reason})`;
    case 'resume':
      return 'RESUME new orders';
    case 'metrics':
      return 'METRICS';
    case 'strategy-start':
    case 'strategy-stop':
    case 'strategy-pause':
    case 'strategy-resume':
    case 'strategy-reduce':
    case 'strategy-list':
    case 'strategies':
      return formatStrategyPreview(intent);
    case 'backtest':
      return formatBacktestPreview(intent);
    case 'help':
      return 'HELP  show commands and keys';
    case 'quit':
      return 'QUIT  leave Blotter; working orders stay working';
  }
}

/** Warnings about an order, each marked, two spaces apart: `⚠ wash trade: open sell #2`; empty for none. */
export function formatWarnings(warnings: readonly string[]): string {
  return warnings.map((warning) => `⚠ ${warning}`).join('  ');
}

/** Two decimals, more only when the price carries them (sub-penny prices must not look rounded). */
export function formatPrice(price: Decimal): string {
  return formatAmount(price, Math.max(2, price.decimalPlaces()));
}

/** `BACKTEST sma-cross fast=10 slow=30 on GOOG.csv  2010-01-04 → 2012-12-31  cash $10,000.00  in the background`. */
function formatBacktestPreview(intent: BacktestIntent): string {
  const data = intent.data.kind === 'file' ? intent.data.path : `synthetic:${intent.data.seed}`;
  const range = intent.from === undefined && intent.to === undefined ? '' : `  ${intent.from?.text ?? 'start'} → ${intent.to?.text ?? 'end'}`;
  const parts = [
    `BACKTEST ${[intent.strategy, ...intent.settings].join(' ')} on ${data}${range}`,
    intent.cash === undefined ? '' : `cash $${formatAmount(intent.cash)}`,
    intent.commission === undefined ? '' : `commission ${intent.commission}`,
    intent.slippage === undefined ? '' : `slippage ${intent.slippage}`,
    'in the background',
  ];
  return parts.filter((part) => part !== '').join('  ');
}

function formatRef(ref: OrderRef): string {
  return ref.kind === 'seq' ? `#${ref.seq}` : `order ${ref.prefix}…`;
}

function formatPlace(spec: OrderSpec, options: PlaceOptions, quotes: QuoteLookup | undefined): string {
  const side = spec.side.toUpperCase();
  const tif = spec.timeInForce.toUpperCase();
  const terms = formatTerms(spec);
  const extras = formatOptions(spec, options);
  if (spec.notional !== undefined) {
    return `${side} $${formatAmount(spec.notional)} ${spec.symbol} ${terms} ${tif} (notional)${extras}`;
  }
  const qty = spec.qty === undefined ? '?' : formatQty(spec.qty);
  const price = estimatePrice(spec, quotes);
  const estimate = price === undefined || spec.qty === undefined ? '' : `  ≈ $${formatAmount(spec.qty.times(price))}`;
  return `${side} ${qty} ${spec.symbol} ${terms} ${tif}${extras}${estimate}`;
}

/** The options as groups two spaces apart, each led by two spaces: `  ttl 30s  bracket tp 195.00 sl 182.00`. */
function formatOptions(spec: OrderSpec, options: PlaceOptions): string {
  const groups = [
    options.ttlMs === undefined ? '' : `ttl ${formatDuration(options.ttlMs)}`,
    formatProtection(spec, options),
    options.onPartial === undefined ? '' : `partial ${options.onPartial}`,
  ].filter((group) => group !== '');
  return groups.map((group) => `  ${group}`).join('');
}

/**
 * The protection as it will be sent: with the entry (`bracket tp 195.00 sl 182.00`, `oto sl 182.00`)
 * or as one exit once shares have filled (`oco tp 195.00 sl 182.00 after fill`, `tp 195.00 after fill`).
 */
function formatProtection(spec: OrderSpec, options: PlaceOptions): string {
  const prices = [
    options.takeProfit === undefined ? '' : `tp ${formatPrice(options.takeProfit)}`,
    options.stopLoss === undefined ? '' : `sl ${formatPrice(options.stopLoss)}`,
  ].filter((part) => part !== '');
  const plan = protectionPlan(spec, options);
  switch (plan.kind) {
    case 'none':
      return '';
    case 'with_entry':
      return `${plan.entryClass} ${prices.join(' ')}`;
    case 'after_fill':
      return `${plan.exitClass === 'oco' ? 'oco ' : ''}${prices.join(' ')} after fill`;
  }
}

function formatTerms(spec: OrderSpec): string {
  const parts = [
    spec.stopPrice === undefined ? '' : `STOP ${formatPrice(spec.stopPrice)}`,
    spec.limitPrice === undefined ? '' : `LIMIT ${formatPrice(spec.limitPrice)}`,
    spec.trailPercent === undefined ? '' : `TRAIL ${formatQty(spec.trailPercent)}%`,
    spec.trailPrice === undefined ? '' : `TRAIL $${formatPrice(spec.trailPrice)}`,
  ].filter((part) => part !== '');
  return parts.length === 0 ? 'MKT' : parts.join(' ');
}

/**
 * The price an estimate multiplies by: the order's own limit, else its stop (where it triggers),
 * else the side of the book a market order would take, falling back to the last trade when that
 * side is empty.
 */
function estimatePrice(spec: OrderSpec, quotes: QuoteLookup | undefined): Decimal | undefined {
  if (spec.limitPrice !== undefined) return spec.limitPrice;
  if (spec.stopPrice !== undefined) return spec.stopPrice;
  const quote = quotes?.(spec.symbol);
  if (quote === undefined) return undefined;
  const touch = spec.side === 'buy' ? quote.ask : quote.bid;
  if (touch.gt(0)) return touch;
  return quote.last?.gt(0) === true ? quote.last : undefined;
}
