import { bool, oneOf, text, wireObject } from './wire-fields.js';

/** Alpaca's asset (GET /v2/assets/{symbol_or_asset_id}) ↔ what the port asks of it. */

export interface AlpacaAssetJson {
  id: string;
  class: 'us_equity';
  exchange: string;
  symbol: string;
  name: string;
  status: 'active' | 'inactive';
  tradable: boolean;
  marginable: boolean;
  shortable: boolean;
  easy_to_borrow: boolean;
  fractionable: boolean;
}

/** The one fact the port's isTradable needs from an asset. */
export interface Asset {
  readonly symbol: string;
  readonly tradable: boolean;
}

const STATUSES = ['active', 'inactive'] as const;

/** An inactive asset can still say `tradable: true` (delisted, halted), so both must agree. */
export function toAsset(json: unknown): Asset {
  const obj = wireObject(json, 'Alpaca asset');
  const symbol = text(obj, 'symbol', 'Alpaca asset');
  const what = `Alpaca asset ${symbol}`;
  const status = oneOf(obj, 'status', STATUSES, what);
  const tradable = bool(obj, 'tradable', what);
  return { symbol, tradable: status === 'active' && tradable };
}

/**
 * The emulator's answer for an asset it knows: the simulated market trades every symbol long,
 * short and in fractions on one venue, so only the id and tradability vary.
 */
export function fromAsset(asset: Asset, id: string): AlpacaAssetJson {
  return {
    id,
    class: 'us_equity',
    exchange: 'NASDAQ',
    symbol: asset.symbol,
    name: asset.symbol,
    status: asset.tradable ? 'active' : 'inactive',
    tradable: asset.tradable,
    marginable: true,
    shortable: true,
    easy_to_borrow: true,
    fractionable: true,
  };
}
