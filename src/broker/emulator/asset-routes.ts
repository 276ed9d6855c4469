import { createHash } from 'node:crypto';
import { normalizeSymbol } from '../../domain/symbol.js';
import { fromAsset } from '../alpaca/wire-asset.js';
import type { SimExchange } from '../sim/sim-exchange.js';
import { ok, type Answer, type Route, type RouteRequest } from './route.js';

/** Alpaca's answer for a symbol or id it has no asset for. */
const NOT_FOUND: Answer = { status: 404, body: { code: 40410000, message: 'asset not found' } };

/** One asset by symbol or asset id, as Alpaca's v2 REST serves it, for every symbol the sim quotes. */
export const ASSET_ROUTES: readonly Route[] = [{ method: 'GET', path: /^\/v2\/assets\/([^/]+)$/, handle: asset }];

async function asset({ exchange, params }: RouteRequest): Promise<Answer> {
  const symbol = find(exchange, params[0] as string);
  if (symbol === undefined) return NOT_FOUND;
  return ok(fromAsset({ symbol, tradable: await exchange.isTradable(symbol) }, assetId(symbol)));
}

function find(exchange: SimExchange, symbolOrAssetId: string): string | undefined {
  const symbols = exchange.symbols();
  const symbol = normalizeSymbol(symbolOrAssetId);
  if (symbols.includes(symbol)) return symbol;
  return symbols.find((known) => assetId(known) === symbolOrAssetId.toLowerCase());
}

/** A UUID-shaped id derived from the symbol, so it is the same in every account and every run. */
function assetId(symbol: string): string {
  const hex = createHash('sha256').update(`asset:${symbol}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
