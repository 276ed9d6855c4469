import type { Clock } from '../../kernel/clock.js';
import { SeededRandom } from '../sim/rng.js';
import type { SimExchange } from '../sim/sim-exchange.js';
import { AccountFaults, type AccountFaultStats } from './account-faults.js';
import type { EmulatorFaults } from './emulator-faults.js';

/** Builds the sim exchange behind one key id; the seed is derived from the key id, so a key replays its market. */
export type ExchangeFactory = (seed: number, keyId: string) => SimExchange;

/** Why a request was not let in, as Alpaca answers it: 401 `{"message":"unauthorized"}`. */
export class Unauthorized extends Error {}

/** One key id's account: its exchange and the Alpaca faults between it and its clients. */
export interface EmulatorAccount {
  readonly exchange: SimExchange;
  readonly faults: AccountFaults;
}

/** Seeds the emulator-wide dice (the stream upgrade's) when no spec names a seed. */
const UPGRADE_DICE_SEED = 0x429;

/**
 * The emulator's accounts, one per API key id, each with its own sim exchange made on first use.
 * As on Alpaca, a key id has one secret: the first one presented becomes it, any other is refused.
 */
export class EmulatorAccounts {
  private readonly accounts = new Map<string, EmulatorAccount & { readonly secret: string }>();
  /** Faults for every account without its own, once set; before that each exchange keeps what its factory gave it. */
  private faults: EmulatorFaults | undefined;
  private readonly ownFaults = new Map<string, EmulatorFaults>();
  private upgradeDice = SeededRandom.fromSeed(UPGRADE_DICE_SEED);
  private upgradesRefused = 0;

  constructor(
    private readonly create: ExchangeFactory,
    private readonly clock: Clock,
  ) {}

  /** The account's exchange for these credentials; throws Unauthorized when they are missing or wrong. */
  authenticate(keyId: string | undefined, secret: string | undefined): SimExchange {
    return this.signIn(keyId, secret).exchange;
  }

  /** The account for these credentials, its faults included; throws Unauthorized when they are missing or wrong. */
  signIn(keyId: string | undefined, secret: string | undefined): EmulatorAccount {
    if (keyId === undefined || keyId === '' || secret === undefined || secret === '') throw new Unauthorized();
    const known = this.accounts.get(keyId);
    if (known !== undefined) {
      if (known.secret !== secret) throw new Unauthorized();
      return known;
    }
    const seed = seedForKey(keyId);
    const exchange = this.create(seed, keyId);
    const account = { secret, exchange, faults: new AccountFaults({ exchange, clock: this.clock, seed }) };
    this.accounts.set(keyId, account);
    const faults = this.ownFaults.get(keyId) ?? this.faults;
    if (faults !== undefined) apply(account, faults);
    return account;
  }

  /** The exchange of a key id already seen, for a test or a scenario to steer its market. */
  exchange(keyId: string): SimExchange | undefined {
    return this.accounts.get(keyId)?.exchange;
  }

  /** Forgets a key id (the admin API's reset): its exchange closes, and its next request starts a new account. */
  async drop(keyId: string): Promise<void> {
    const known = this.accounts.get(keyId);
    if (known === undefined) return;
    this.accounts.delete(keyId);
    known.faults.close();
    await known.exchange.close();
  }

  /**
   * Sets the faults of one key id (now, or when it first signs in), or of every account without
   * faults of its own. A 429 on the stream upgrade is emulator-wide: the upgrade comes before any key.
   */
  setFaults(faults: EmulatorFaults, keyId?: string): void {
    if (keyId === undefined) {
      this.faults = faults;
      if (faults.sim.seed !== undefined) this.upgradeDice = SeededRandom.fromSeed(faults.sim.seed ^ UPGRADE_DICE_SEED);
      for (const [key, account] of this.accounts) if (!this.ownFaults.has(key)) apply(account, faults);
      return;
    }
    if (faults.alpaca.upgrade429 !== undefined) {
      throw new Error(`upgrade429 cannot be set for key ${keyId}: the stream upgrade comes before any key; set it for the whole emulator`);
    }
    this.ownFaults.set(keyId, faults);
    const account = this.accounts.get(keyId);
    if (account !== undefined) apply(account, faults);
  }

  /** Whether this stream upgrade is answered 429 instead of 101. */
  refuseUpgrade(): boolean {
    const refused = this.upgradeDice.chanceOf(this.faults?.alpaca.upgrade429 ?? 0);
    if (refused) this.upgradesRefused++;
    return refused;
  }

  /** What the Alpaca faults did: a key id's, and the stream upgrades refused emulator-wide. */
  faultStats(keyId: string): { readonly account: AccountFaultStats | undefined; readonly upgradesRefused: number } {
    return { account: this.accounts.get(keyId)?.faults.stats(), upgradesRefused: this.upgradesRefused };
  }

  async close(): Promise<void> {
    const accounts = [...this.accounts.values()];
    this.accounts.clear();
    for (const { faults } of accounts) faults.close();
    await Promise.all(accounts.map(({ exchange }) => exchange.close()));
  }
}

function apply(account: EmulatorAccount, faults: EmulatorFaults): void {
  account.exchange.setFaults(faults.sim);
  account.faults.configure(faults.alpaca, faults.sim.seed);
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
