import type { Broker, MarketData } from '../../broker/port.js';
import type { FaultSettings, SimControls } from '../../broker/controls.js';
import type { Clock } from '../../kernel/clock.js';
import type { EngineConfig } from '../../core/engine-config.js';
import type { StoreError } from '../../persistence/errors.js';
import type { StoreFs } from '../../persistence/store-fs.js';
import type { CommissionSpec, SlippageSpec } from '../cost-spec.js';
import type { BrokerName } from './broker-names.js';
import type { ReplaySettings } from './replay-bars.js';

/** A broker picked by `--broker`, open and ready for the engine. */
export interface OpenedBroker {
  readonly name: BrokerName;
  /** What the status bar badge says. */
  readonly mode: Broker['mode'];
  readonly trading: Broker;
  readonly marketData: MarketData;
  /** What the books are kept against (`sim-<tag>`): books never follow another broker's account. */
  readonly id: string;
  /** Engine settings this broker needs, under what the command line sets. */
  readonly engineDefaults: Partial<EngineConfig>;
  /** What the watchlist shows before the trader has chosen. */
  readonly defaultWatchlist: readonly string[];
  /** Only a simulator has them. */
  readonly controls?: SimControls;
  /** Credential values the session must redact wherever text leaves it (keys read from a file). */
  readonly secrets?: readonly string[];
  /** Starts the market and the broker's own upkeep (the simulator's periodic snapshot). */
  start(): void;
  /** Stops the broker and saves what it keeps; safe to call twice; rejects with the first failure. */
  close(): Promise<void>;
}

/** The books on file: the broker opened must be the one they are kept against. */
export interface BooksOnFile {
  /** The broker id they name; undefined for books from before ids were kept. */
  readonly keptAgainst: string | undefined;
  readonly orders: number;
}

export interface BrokerOptions {
  readonly clock: Clock;
  /** The resolved data directory and the profile: a simulator keeps its own files beside the profile's. */
  readonly dataDir: string;
  readonly profile: string;
  /** Undefined when there are no books yet. */
  readonly books: BooksOnFile | undefined;
  /** How long finished orders stay live before they move to the archive. */
  readonly retentionMs: number;
  /** A save of the broker's own files failed (it is retried), or its lock was lost. */
  readonly onStoreError: (error: StoreError) => void;
  readonly onStoreRecovered: (path: string) => void;
  readonly fs?: StoreFs;
  /** The simulator's market: its seed (a saved one keeps its own) and how often it moves. */
  readonly seed?: number | undefined;
  readonly tickMs?: number;
  readonly faults?: FaultSettings;
  /** Session settings, not saved with the exchange: each session charges what it is given. */
  readonly commission?: CommissionSpec;
  readonly slippage?: SlippageSpec;
  /** Start a new simulated exchange, keeping the old one's files under a dated name. */
  readonly resetExchange?: boolean;
  /** The simulator plays these CSVs' bars instead of its random walk (--replay). */
  readonly replay?: ReplaySettings;
  /** Alpaca: where (`--alpaca-url`), paper or live (`--live`), and how a live session is confirmed. */
  readonly alpaca?: AlpacaSettings;
  /** Where credentials are read from: the process environment and the config directory, unless a test gives its own. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly configDir?: string;
  /** Something the trader should hear of from the broker's connection (a stream dropping, an unknown event). */
  readonly notice?: (level: 'info' | 'warn' | 'error', text: string) => void;
}

export interface AlpacaSettings {
  readonly url?: string;
  readonly live: boolean;
  /** Shows the account number and resolves to what the trader typed to confirm live trading. */
  readonly confirmLive?: (accountNumber: string) => Promise<string>;
}
