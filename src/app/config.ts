import { Command, InvalidArgumentError } from 'commander';
import type { FaultSettings } from '../broker/controls.js';
import type { EngineConfig } from '../core/engine-config.js';
import { BROKER_NAMES, DEFAULT_BROKER, readBrokerName, type BrokerName } from './brokers/broker-names.js';
import { parseFaultSpec } from './brokers/fault-spec.js';
import { parseCommissionSpec, parseSlippageSpec, type CommissionSpec, type SlippageSpec } from './cost-spec.js';
import { readFlagDuration } from './duration.js';
import { parseDecimal, type Decimal } from '../domain/decimal.js';
import { addBacktestCommand, type BacktestConfig } from './backtest-config.js';
import { addBarsCommand, type BarsFetchConfig } from './bars-config.js';
import { parseReplayFile, type ReplayFile, type ReplaySettings } from './brokers/replay-bars.js';
import { DEFAULT_REPLAY_BAR_MS } from './brokers/replay-bars.js';
import { readTimeframe } from '../strategy/timeframe.js';
import { addEmulatorCommand, type EmulatorConfig } from './emulator-config.js';
import { parseRangeDate, type TimeRange } from './export-dates.js';
import type { ExportFormat } from './export-table.js';
import { DEFAULT_SIGNAL_SLOTS, MAX_SIGNAL_SLOTS, parseSignalSlots, parseStrategiesDir } from './strategy-flags.js';

/** What opening a session needs, from the flags both modes share. */
export interface SessionConfig {
  /** Which broker to trade on (`--broker`). */
  readonly broker: BrokerName;
  /** Seed of the simulated market; the same seed replays the same prices. */
  readonly seed: number | undefined;
  /** Where profiles are stored; undefined means the user's data directory. */
  readonly dataDir: string | undefined;
  readonly profile: string;
  /** Faults the simulated exchange injects; none when absent. */
  readonly faults?: FaultSettings;
  /** How often the simulated market moves; the simulator's default when absent. */
  readonly tickMs?: number;
  /** What the simulated exchange charges and how its prices slip, this session; none when absent. */
  readonly commission?: CommissionSpec;
  readonly slippage?: SlippageSpec;
  /** Engine settings given on the command line; the rest are the broker's defaults. */
  readonly engine?: Partial<EngineConfig>;
  /** Start a new simulated exchange, keeping the old one's files under a dated name. */
  readonly resetExchange?: boolean;
  /** Alpaca: one base URL for every endpoint (an emulator), instead of Alpaca's hosts. */
  readonly alpacaUrl?: string;
  /** Alpaca: trade the live account (the console then asks for its number). */
  readonly live?: boolean;
  /** Signals in flight at once across all strategies (`--signal-slots`); 3 when absent. */
  readonly signalSlots?: number;
  /** Where the trader's own strategy files are (`--strategies`); the config directory's `strategies` when absent. */
  readonly strategiesDir?: string;
  /** Symbols the simulator plays from CSV bars instead of its random walk (`--replay`, `--replay-bar`). */
  readonly replay?: ReplaySettings;
}

/** The console: the session's options, and how large an order must be to wait for `y`. */
export interface ConsoleConfig extends SessionConfig {
  /** Orders estimated above this many dollars wait for an explicit `y`; the console's default when absent. */
  readonly confirmAbove?: Decimal;
}

/** `blotter run`: a headless session driven by a script. */
export interface RunConfig extends SessionConfig {
  /** A file of commands, or `-` for standard input. */
  readonly script: string;
  /** How long to wait after the last command for nothing to be working. */
  readonly deadlineMs: number;
  /** Trade in a new temporary data directory, removed after the run. */
  readonly fresh: boolean;
  /** Indent the JSON report. */
  readonly pretty: boolean;
}

/** `blotter export`: the profile's history, read without opening a session. */
export interface ExportConfig {
  readonly kind: 'orders' | 'fills' | 'trades';
  readonly range: TimeRange;
  readonly format: ExportFormat;
  /** Where profiles are stored; undefined means $BLOTTER_DATA_DIR, else the user's data directory. */
  readonly dataDir: string | undefined;
  readonly profile: string;
}

export type ParsedArgs =
  | { readonly kind: 'console'; readonly config: ConsoleConfig }
  | { readonly kind: 'run'; readonly config: RunConfig }
  | { readonly kind: 'export'; readonly config: ExportConfig }
  | { readonly kind: 'emulator'; readonly config: EmulatorConfig }
  | { readonly kind: 'backtest'; readonly config: BacktestConfig }
  | { readonly kind: 'bars'; readonly config: BarsFetchConfig }
  | { readonly kind: 'exit'; readonly code: number; readonly output: string };

/** Exit status for a command line that cannot be run as written. */
export const USAGE_EXIT = 2;

const DEFAULT_PROFILE = 'sim';

/**
 * Each broker keeps its own books by default (`sim`, `alpaca`, `alpaca-live`): a profile is bound to
 * one broker account, so one shared default would refuse the second broker a trader tries.
 */
function defaultProfile(broker: BrokerName, live: boolean): string {
  if (broker === 'alpaca') return live ? 'alpaca-live' : 'alpaca';
  return DEFAULT_PROFILE;
}
const DEFAULT_DEADLINE_MS = 60_000;

interface SessionOptions {
  broker?: BrokerName;
  seed?: number;
  dataDir?: string;
  profile?: string;
  faults?: FaultSettings;
  tick?: number;
  commission?: CommissionSpec;
  slippage?: SlippageSpec;
  orderTimeout?: number;
  rateLimit?: number;
  resetExchange?: boolean;
  alpacaUrl?: string;
  live?: boolean;
  signalSlots?: number;
  strategies?: string;
  replay?: ReplayFile[];
  replayBar?: number;
}

interface RunOptions extends SessionOptions {
  script?: string;
  deadline?: number;
  fresh?: boolean;
  pretty?: boolean;
}

/** A --from or --to as typed, kept for the message when the two are the wrong way round. */
interface RangeEnd {
  readonly text: string;
  readonly at: number;
}

interface ExportOptions {
  from?: RangeEnd;
  to?: RangeEnd;
  format?: ExportFormat;
  dataDir?: string;
  profile?: string;
}

function parseBroker(text: string): BrokerName {
  const read = readBrokerName(text);
  if ('problem' in read) throw new InvalidArgumentError(read.problem);
  return read.name;
}

function parseSeed(text: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new InvalidArgumentError('use a whole number, e.g. --seed 42');
  return Number(text);
}

function parseDataDir(text: string): string {
  if (text.trim() === '') throw new InvalidArgumentError('give a directory, e.g. --data-dir ./trading');
  return text;
}

function parseProfile(text: string): string {
  if (!/^[a-z0-9-]{1,40}$/.test(text)) throw new InvalidArgumentError('use lower-case letters, digits and dashes, e.g. --profile sim');
  return text;
}

function parseFaults(text: string): FaultSettings {
  return asArgumentError(() => parseFaultSpec(text));
}

function parseCommission(text: string): CommissionSpec {
  return asArgumentError(() => parseCommissionSpec(text));
}

function parseSlippage(text: string): SlippageSpec {
  return asArgumentError(() => parseSlippageSpec(text));
}

function asArgumentError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

function parseOrderTimeout(text: string): number {
  if (text.trim().toLowerCase() === 'off') return 0;
  return durationOrThrow(text, '0 or off for none');
}

const TICK_RANGE = 'use a duration from 10ms to 60s, e.g. --tick 50ms';

function parseTick(text: string): number {
  const ms = durationOrThrow(text, TICK_RANGE);
  if (ms < 10 || ms > 60_000) throw new InvalidArgumentError(TICK_RANGE);
  return ms;
}

/** The duration in `text`, or the argument error saying what is wrong, then `hint`. */
function durationOrThrow(text: string, hint: string): number {
  const reading = readFlagDuration(text);
  if (!reading.ok) throw new InvalidArgumentError(`${reading.problem}; ${hint}`);
  return reading.ms;
}

function parseRateLimit(text: string): number {
  const n = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= 100_000)) throw new InvalidArgumentError('use requests per minute from 1 to 100000, e.g. --rate-limit 200');
  return n;
}

function parseConfirmAbove(text: string): Decimal {
  const amount = /^\d{1,9}(\.\d{1,2})?$/.test(text.trim()) ? parseDecimal(text.trim()) : undefined;
  if (amount === undefined) throw new InvalidArgumentError('use a dollar amount such as 10000 or 2500.50 (0: every order asks)');
  return amount;
}

function parseDeadline(text: string): number {
  return durationOrThrow(text, '0 reports at once');
}

function parseExportKind(text: string): ExportConfig['kind'] {
  if (text !== 'orders' && text !== 'fills' && text !== 'trades') throw new InvalidArgumentError('use orders, fills or trades, e.g. blotter export fills');
  return text;
}

function rangeEnd(end: 'from' | 'to'): (text: string) => RangeEnd {
  return (text) => {
    const at = parseRangeDate(text, end);
    if (at === undefined) throw new InvalidArgumentError('use a date such as 2026-12-01 (a whole local day) or a date-time such as 2026-12-01T14:30 or 2026-12-01T14:30Z');
    return { text, at };
  };
}

function parseFormat(text: string): ExportFormat {
  if (text !== 'csv' && text !== 'json') throw new InvalidArgumentError('use csv or json');
  return text;
}

function addSessionOptions(command: Command, mode: 'console' | 'run'): Command {
  const dataDir =
    mode === 'console'
      ? 'where orders, fills and positions are stored (default: $BLOTTER_DATA_DIR, else your data directory)'
      : 'trade on the profile stored here (default: a new temporary directory, as --fresh)';
  return command
    .option('--broker <name>', `which broker to trade on: ${BROKER_NAMES.join(', ')} (default: ${DEFAULT_BROKER}, the built-in simulator)`, parseBroker)
    .option('--seed <n>', 'seed of the simulated market (a new data directory replays the same prices)', parseSeed)
    .option('--data-dir <dir>', dataDir, parseDataDir)
    .option('--profile <name>', 'which stored profile to use (default: the broker\'s own: sim, alpaca, or alpaca-live with --live)', parseProfile)
    .option('--tick <dur>', 'how often the simulated market moves, from 10ms to 60s (default: 400ms)', parseTick)
    .option('--faults <spec>', 'faults the simulator injects: chaos, light, or e.g. transient=0.05,drop=0.1,outage=30s/3s', parseFaults)
    .option('--commission <spec>', 'commission the simulator charges: per-share:0.005,min:1, percent:0.1, bps:1 or fixed:1 (default: none)', parseCommission)
    .option('--slippage <spec>', 'how the simulator\'s fills are worse than the quote: bps:2 or size:10,base:1,max:50 (default: none)', parseSlippage)
    .option('--order-timeout <dur>', 'cancel working day orders after this long, e.g. 30s, 2m; 0 or off: never (default: 60s)', parseOrderTimeout)
    .option('--rate-limit <n>', 'broker requests per minute (default: 6000 on the simulator)', parseRateLimit)
    .option('--reset-exchange', "start a new simulated exchange; the old one's files are kept under a dated name")
    .option('--alpaca-url <url>', 'Alpaca: one base URL for trading, data and both streams, e.g. an emulator http://127.0.0.1:18080 (default: $BLOTTER_ALPACA_URL, else Alpaca\'s hosts)', parseAlpacaUrl)
    .option('--live', 'Alpaca: trade the live account with a live key (AK…); the console asks you to type the account number')
    .option('--signal-slots <n>', `strategy signals in flight at once, across all strategies, from 1 to ${MAX_SIGNAL_SLOTS} (default: ${DEFAULT_SIGNAL_SLOTS})`, parseSignalSlots)
    .option('--strategies <dir>', 'folder of your own strategy files, .js or .ts (default: strategies in the config directory)', parseStrategiesDir)
    .option('--replay <file[:symbol]>', "simulator: the symbol's market follows this CSV's bars (the backtest's format) instead of its random walk; the file's name is the symbol unless given after a colon; repeat for more symbols", parseReplay)
    .option('--replay-bar <dur>', 'simulator: how long each replayed bar lasts, from the market\'s start: 1s (the default), 5s, 1m…; trade it with the same bar=', parseReplayBar);
}

function parseReplay(text: string, previous: ReplayFile[] = []): ReplayFile[] {
  return [...previous, asArgumentError(() => parseReplayFile(text))];
}

function parseReplayBar(text: string): number {
  const reading = readTimeframe(text);
  if (!reading.ok) throw new InvalidArgumentError(`${reading.problem}; a strategy trading the replay takes the same bar=`);
  return reading.timeframe.ms;
}

function parseAlpacaUrl(text: string): string {
  if (!/^https?:\/\/\S+$/i.test(text.trim())) throw new InvalidArgumentError('give an http(s) base URL, e.g. --alpaca-url http://127.0.0.1:18080');
  return text.trim();
}

const RUN_HELP = `
Commands are read one per line; blank lines and lines starting with # are skipped.
\`wait DUR\` (e.g. wait 2s) pauses the script. The JSON report goes to standard output.
Exit status: 0 all commands accepted, nothing left working and the local state equal to
the exchange's; 1 otherwise (the report's "problems" say why); 2 for a bad command line.

Example:
  blotter run --seed 7 --faults chaos --order-timeout 5s --deadline 20s --script orders.txt`;

const EXPORT_HELP = `
Prints the profile's history, from its live file and its archive, to standard output. It only
reads, so it works while Blotter is trading on the profile.
  orders   one row per order, selected and sorted by when it was created
  fills    one row per fill, selected and sorted by when it was made
  trades   round trips per symbol (flat to flat, average cost), selected and sorted by when they
           closed; then the trades still open that opened by --to
A DATE is a whole day in local time (--from its first moment, --to its last) or an ISO date-time
(local, or with Z or an offset). Times are written in UTC (ISO 8601).
Exit status: 0 written; 1 the profile cannot be read (nothing is written); 2 for a bad command line.

Example:
  blotter export fills --from 2026-12-01 --to 2026-12-31 > fills-december.csv`;

/** Reads the command line. Never exits the process itself: the caller prints and exits. */
export function parseArgs(argv: readonly string[], version: string): ParsedArgs {
  let output = '';
  let chosen: ParsedArgs | undefined;
  const program = new Command()
    .name('blotter')
    .description('A terminal trading console. Trades on a built-in simulated exchange by default.')
    .version(version, '-v, --version')
    // Options after `run` belong to `run`, so both commands can share option names.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => {
        output += text;
      },
      writeErr: (text) => {
        output += text;
      },
    });
  addSessionOptions(program, 'console')
    .option('--confirm-above <usd>', 'orders estimated above this many dollars wait for y (default: 10000)', parseConfirmAbove)
    // Checked here, so a typo says "unknown command" rather than commander's "too many arguments".
    .allowExcessArguments()
    .action(() => {
      const [word] = program.args;
      if (word !== undefined) program.error(`error: unknown command '${word}' (the one command is run; see --help)`);
      const opts = program.opts<SessionOptions & { confirmAbove?: Decimal }>();
      const lonely = lonelyFlag(opts);
      if (lonely !== undefined) program.error(lonely);
      chosen = { kind: 'console', config: { ...sessionConfig(opts), ...(opts.confirmAbove !== undefined && { confirmAbove: opts.confirmAbove }) } };
    });
  const run = program.command('run').description('run commands headless from a script or standard input and print a JSON report');
  addSessionOptions(run, 'run')
    .option('--script <file>', 'file of commands, one per line (- or none: standard input)')
    .option('--deadline <dur>', 'how long to wait after the last command for nothing to be working (default: 60s)', parseDeadline)
    .option('--fresh', 'trade in a new temporary data directory, removed afterwards (the default without --data-dir)')
    .option('--pretty', 'indent the JSON report')
    .allowExcessArguments(false)
    .addHelpText('after', RUN_HELP)
    .action(() => {
      const opts = run.optsWithGlobals<RunOptions>();
      const lonely = lonelyFlag(opts);
      if (lonely !== undefined) run.error(lonely);
      chosen = runConfig(opts);
    });
  const exporter = program
    .command('export')
    .description('print orders, fills or round-trip trades from the profile and its archive, as CSV or JSON')
    .argument('<kind>', 'orders, fills or trades', parseExportKind)
    .option('--from <date>', 'from this local day (2026-12-01) or moment (2026-12-01T14:30Z) on', rangeEnd('from'))
    .option('--to <date>', 'up to the end of this local day, or up to this moment', rangeEnd('to'))
    .option('--format <format>', 'csv or json (default: csv)', parseFormat)
    .option('--data-dir <dir>', 'where the profile is stored (default: $BLOTTER_DATA_DIR, else your data directory)', parseDataDir)
    .option('--profile <name>', `which stored profile to read (default: ${DEFAULT_PROFILE}; an Alpaca session's is alpaca)`, parseProfile)
    .allowExcessArguments(false)
    .addHelpText('after', EXPORT_HELP)
    .action((kind: ExportConfig['kind']) => {
      chosen = exportConfig(kind, exporter.optsWithGlobals<ExportOptions>());
    });
  addEmulatorCommand(program, (config) => {
    chosen = { kind: 'emulator', config };
  });
  addBacktestCommand(program, (config) => {
    chosen = { kind: 'backtest', config };
  });
  addBarsCommand(program, (config) => {
    chosen = { kind: 'bars', config };
  });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode === 0 ? 0 : USAGE_EXIT;
    return { kind: 'exit', code, output: output.trimEnd() };
  }
  return chosen ?? { kind: 'exit', code: USAGE_EXIT, output: 'blotter: nothing to run' };
}

/** A flag that only means something beside another, given alone. */
function lonelyFlag(opts: SessionOptions): string | undefined {
  if (opts.replayBar !== undefined && opts.replay === undefined) {
    return 'error: --replay-bar sets how long a replayed bar lasts; give the bars too, e.g. --replay GOOG.csv --replay-bar 5s';
  }
  return undefined;
}

function sessionConfig(opts: SessionOptions): SessionConfig {
  const engine: { -readonly [K in keyof EngineConfig]?: EngineConfig[K] } = {};
  if (opts.orderTimeout !== undefined) engine.orderTimeoutMs = opts.orderTimeout;
  if (opts.rateLimit !== undefined) engine.rateLimit = { limit: opts.rateLimit, intervalMs: 60_000 };
  return {
    broker: opts.broker ?? DEFAULT_BROKER,
    seed: opts.seed,
    dataDir: opts.dataDir,
    profile: opts.profile ?? defaultProfile(opts.broker ?? DEFAULT_BROKER, opts.live === true),
    ...(opts.faults !== undefined && { faults: opts.faults }),
    ...(opts.tick !== undefined && { tickMs: opts.tick }),
    ...(opts.commission !== undefined && { commission: opts.commission }),
    ...(opts.slippage !== undefined && { slippage: opts.slippage }),
    ...(opts.resetExchange === true && { resetExchange: true }),
    ...(opts.alpacaUrl !== undefined && { alpacaUrl: opts.alpacaUrl }),
    ...(opts.live === true && { live: true }),
    ...(opts.signalSlots !== undefined && { signalSlots: opts.signalSlots }),
    ...(opts.strategies !== undefined && { strategiesDir: opts.strategies }),
    ...(opts.replay !== undefined && { replay: { files: opts.replay, barMs: opts.replayBar ?? DEFAULT_REPLAY_BAR_MS } }),
    engine,
  };
}

function runConfig(opts: RunOptions): ParsedArgs {
  if (opts.fresh === true && opts.dataDir !== undefined) {
    return { kind: 'exit', code: USAGE_EXIT, output: 'error: --fresh and --data-dir cannot be used together (--fresh uses a new temporary directory)' };
  }
  return {
    kind: 'run',
    config: {
      ...sessionConfig(opts),
      script: opts.script ?? '-',
      deadlineMs: opts.deadline ?? DEFAULT_DEADLINE_MS,
      fresh: opts.dataDir === undefined,
      pretty: opts.pretty === true,
    },
  };
}

function exportConfig(kind: ExportConfig['kind'], opts: ExportOptions): ParsedArgs {
  const { from, to } = opts;
  if (from !== undefined && to !== undefined && from.at > to.at) {
    return { kind: 'exit', code: USAGE_EXIT, output: `error: --from ${from.text} is after --to ${to.text}; give the earlier time to --from` };
  }
  return {
    kind: 'export',
    config: {
      kind,
      range: { ...(from !== undefined && { from: from.at }), ...(to !== undefined && { to: to.at }) },
      format: opts.format ?? 'csv',
      dataDir: opts.dataDir,
      profile: opts.profile ?? DEFAULT_PROFILE,
    },
  };
}
