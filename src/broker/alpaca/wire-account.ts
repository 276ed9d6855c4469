import type { BrokerAccount, BrokerPosition, MarketClock } from '../port.js';
import { AlpacaWireError, bool, decimal, optionalDecimal, optionalTime, text, time, toWire, wireObject, type WireDecimal } from './wire-fields.js';

/** Alpaca's positions, account and clock ↔ the port's, for the adapter and the emulator. */

export interface AlpacaPositionJson {
  symbol: string;
  /** Signed, as Alpaca sends it: `"-2478"` beside `side: "short"` (Alpaca-API#86). */
  qty: string;
  side: 'long' | 'short';
  avg_entry_price: string;
  current_price: WireDecimal;
  market_value: WireDecimal;
  unrealized_pl: WireDecimal;
}

/** The money fields of GET /v2/account; identity and status fields are the emulator's to add. */
export interface AlpacaAccountJson {
  currency: string;
  cash: string;
  equity: string;
  /** Alpaca reports the same figure as equity under this older name. */
  portfolio_value: string;
  buying_power: string;
  last_equity: string;
}

export interface AlpacaClockJson {
  timestamp: string;
  is_open: boolean;
  next_open: string | null;
  next_close: string | null;
}

/**
 * Alpaca's short positions carry a negative qty, but some clients and third-party accounts of the
 * API describe a magnitude with the direction in `side` only; `side` decides the sign either way.
 */
export function toBrokerPosition(json: unknown): BrokerPosition {
  const obj = wireObject(json, 'Alpaca position');
  const symbol = text(obj, 'symbol', 'Alpaca position');
  const what = `Alpaca position ${symbol}`;
  const size = decimal(obj, 'qty', what).abs();
  const side = obj.side ?? 'long';
  if (side !== 'long' && side !== 'short') throw new AlpacaWireError(`${what}: "side" is ${JSON.stringify(side)}, expected long or short`);
  const currentPrice = optionalDecimal(obj, 'current_price', what);
  const marketValue = optionalDecimal(obj, 'market_value', what);
  const unrealizedPl = optionalDecimal(obj, 'unrealized_pl', what);
  return {
    symbol,
    qty: side === 'short' ? size.neg() : size,
    avgEntryPrice: decimal(obj, 'avg_entry_price', what),
    ...(currentPrice !== undefined && { currentPrice }),
    ...(marketValue !== undefined && { marketValue }),
    ...(unrealizedPl !== undefined && { unrealizedPl }),
  };
}

export function fromBrokerPosition(position: BrokerPosition): AlpacaPositionJson {
  return {
    symbol: position.symbol,
    qty: position.qty.toString(),
    side: position.qty.isNegative() ? 'short' : 'long',
    avg_entry_price: position.avgEntryPrice.toString(),
    current_price: toWire(position.currentPrice),
    market_value: toWire(position.marketValue),
    unrealized_pl: toWire(position.unrealizedPl),
  };
}

/** Who the account is and whether it may trade: what a session is bound to and checked against. */
export interface AlpacaAccountIdentity {
  readonly accountNumber: string;
  /** `ACTIVE` when it can trade; others (`ONBOARDING`, `ACCOUNT_CLOSED`, …) are told to the trader. */
  readonly status: string;
  readonly tradingBlocked: boolean;
}

export interface AlpacaAccountIdentityJson {
  id: string;
  account_number: string;
  status: string;
  trading_blocked: boolean;
  account_blocked: boolean;
}

export function toAccountIdentity(json: unknown): AlpacaAccountIdentity {
  const obj = wireObject(json, 'Alpaca account');
  const what = 'Alpaca account';
  const blocked = (name: string): boolean => (obj[name] === undefined ? false : bool(obj, name, what));
  return {
    accountNumber: text(obj, 'account_number', what),
    status: text(obj, 'status', what),
    tradingBlocked: blocked('trading_blocked') || blocked('account_blocked'),
  };
}

/** The PDT fields Alpaca removed in 2026 are neither read nor required. */
export function toBrokerAccount(json: unknown): BrokerAccount {
  const obj = wireObject(json, 'Alpaca account');
  const what = 'Alpaca account';
  return {
    cash: decimal(obj, 'cash', what),
    equity: decimal(obj, 'equity', what),
    buyingPower: decimal(obj, 'buying_power', what),
    lastEquity: decimal(obj, 'last_equity', what),
    currency: text(obj, 'currency', what),
  };
}

export function fromBrokerAccount(account: BrokerAccount): AlpacaAccountJson {
  return {
    currency: account.currency,
    cash: account.cash.toString(),
    equity: account.equity.toString(),
    portfolio_value: account.equity.toString(),
    buying_power: account.buyingPower.toString(),
    last_equity: account.lastEquity.toString(),
  };
}

/** GET /v2/clock; times kept as sent, with their ET offset. */
export function toMarketClock(json: unknown): MarketClock {
  const obj = wireObject(json, 'Alpaca clock');
  const what = 'Alpaca clock';
  const nextOpen = optionalTime(obj, 'next_open', what);
  const nextClose = optionalTime(obj, 'next_close', what);
  return {
    timestamp: time(obj, 'timestamp', what),
    isOpen: bool(obj, 'is_open', what),
    ...(nextOpen !== undefined && { nextOpen }),
    ...(nextClose !== undefined && { nextClose }),
  };
}

export function fromMarketClock(clock: MarketClock): AlpacaClockJson {
  return {
    timestamp: clock.timestamp,
    is_open: clock.isOpen,
    next_open: clock.nextOpen ?? null,
    next_close: clock.nextClose ?? null,
  };
}
