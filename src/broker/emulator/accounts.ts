import type { SimExchange } from '../sim/sim-exchange.js';

/** Builds the sim exchange behind one key id; the seed is derived from the key id, so a key replays its market. */
export type ExchangeFactory = (seed: number, keyId: string) => SimExchange;

/** Why a request was not let in, as Alpaca answers it: 401 `{"message":"unauthorized"}`. */
export class Unauthorized extends Error {}

/**
 * The emulator's accounts, one per API key id, each with its own sim exchange made on first use.
 * As on Alpaca, a key id has one secret: the first one presented becomes it, any other is refused.
 */
export class EmulatorAccounts {
  private readonly accounts = new Map<string, { readonly secret: string; readonly exchange: SimExchange }>();

  constructor(private readonly create: ExchangeFactory) {}

  /** The account's exchange for these credentials; throws Unauthorized when they are missing or wrong. */
  authenticate(keyId: string | undefined, secret: string | undefined): SimExchange {
    if (keyId === undefined || keyId === '' || secret === undefined || secret === '') throw new Unauthorized();
    const known = this.accounts.get(keyId);
    if (known !== undefined) {
      if (known.secret !== secret) throw new Unauthorized();
      return known.exchange;
    }
    const exchange = this.create(seedForKey(keyId), keyId);
    this.accounts.set(keyId, { secret, exchange });
    return exchange;
  }

  /** The exchange of a key id already seen, for a test or a scenario to steer its market. */
  exchange(keyId: string): SimExchange | undefined {
    return this.accounts.get(keyId)?.exchange;
  }

  async close(): Promise<void> {
    const exchanges = [...this.accounts.values()].map(({ exchange }) => exchange);
    this.accounts.clear();
    await Promise.all(exchanges.map((exchange) => exchange.close()));
  }
}

/** FNV-1a over the key id's UTF-16 units: stable across runs, different for different keys. */
export function seedForKey(keyId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < keyId.length; i++) {
    hash ^= keyId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) & 0x7fffffff;
}
