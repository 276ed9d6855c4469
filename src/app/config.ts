import { Command, InvalidArgumentError } from 'commander';
import type { FaultConfig } from '../broker/sim/fault-config.js';
import { parseFaultSpec } from '../broker/sim/fault-spec.js';
import type { EngineConfig } from '../core/engine-config.js';
import { parseDuration } from './duration.js';
import { parseDecimal, type Decimal } from '../domain/decimal.js';

/** What opening a session needs, from the flags both modes share. */
export interface SessionConfig {
  /** Seed of the simulated market; the same seed replays the same prices. */
  readonly seed: number | undefined;
  /** Where profiles are stored; undefined means the user's data directory. */
  readonly dataDir: string | undefined;
  readonly profile: string;
  /** Faults the simulated exchange injects; none when absent. */
  readonly faults?: FaultConfig;
  /** How often the simulated market moves; the simulator's default when absent. */
  readonly tickMs?: number;
  /** Engine settings given on the command line; the rest are the broker's defaults. */
  readonly engine?: Partial<EngineConfig>;
  /** Start a new simulated exchange, keeping the old one's files under a dated name. */
  readonly resetExchange?: boolean;
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

export type ParsedArgs =
  | { readonly kind: 'console'; readonly config: ConsoleConfig }
  | { readonly kind: 'run'; readonly config: RunConfig }
  | { readonly kind: 'exit'; readonly code: number; readonly output: string };

/** Exit status for a command line that cannot be run as written. */
export const USAGE_EXIT = 2;

const DEFAULT_PROFILE = 'sim';
const DEFAULT_DEADLINE_MS = 60_000;

interface SessionOptions {
  seed?: number;
  dataDir?: string;
  profile?: string;
  faults?: FaultConfig;
  tick?: number;
  orderTimeout?: number;
  rateLimit?: number;
  resetExchange?: boolean;
}

interface RunOptions extends SessionOptions {
  script?: string;
  deadline?: number;
  fresh?: boolean;
  pretty?: boolean;
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

function parseFaults(text: string): FaultConfig {
  try {
    return parseFaultSpec(text);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

function parseOrderTimeout(text: string): number {
  const ms = text.trim().toLowerCase() === 'off' ? 0 : parseDuration(text);
  if (ms === undefined) throw new InvalidArgumentError('use a duration up to 24h such as 30s, 2m or 500ms, or 0/off for none');
  return ms;
}

function parseTick(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 10 || ms > 60_000) throw new InvalidArgumentError('use a duration from 10ms to 60s, e.g. --tick 50ms');
  return ms;
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
  const ms = parseDuration(text);
  if (ms === undefined) throw new InvalidArgumentError('use a duration up to 24h such as 10s or 2m (0: do not wait)');
  return ms;
}

function addSessionOptions(command: Command, mode: 'console' | 'run'): Command {
  const dataDir =
    mode === 'console'
      ? 'where orders, fills and positions are stored (default: $BLOTTER_DATA_DIR, else your data directory)'
      : 'trade on the profile stored here (default: a new temporary directory, as --fresh)';
  return command
    .option('--seed <n>', 'seed of the simulated market (a new data directory replays the same prices)', parseSeed)
    .option('--data-dir <dir>', dataDir, parseDataDir)
    .option('--profile <name>', `which stored profile to use (default: ${DEFAULT_PROFILE})`, parseProfile)
    .option('--tick <dur>', 'how often the simulated market moves, from 10ms to 60s (default: 400ms)', parseTick)
    .option('--faults <spec>', 'faults the simulator injects: chaos, light, or e.g. transient=0.05,drop=0.1,outage=30s/3s', parseFaults)
    .option('--order-timeout <dur>', 'cancel working day orders after this long, e.g. 30s, 2m; 0 or off: never (default: 60s)', parseOrderTimeout)
    .option('--rate-limit <n>', 'broker requests per minute (default: 6000 on the simulator)', parseRateLimit)
    .option('--reset-exchange', "start a new simulated exchange; the old one's files are kept under a dated name");
}

const RUN_HELP = `
Commands are read one per line; blank lines and lines starting with # are skipped.
\`wait DUR\` (e.g. wait 2s) pauses the script. The JSON report goes to standard output.
Exit status: 0 all commands accepted, nothing left working and the local state equal to
the exchange's; 1 otherwise (the report's "problems" say why); 2 for a bad command line.

Example:
  blotter run --seed 7 --faults chaos --order-timeout 5s --deadline 20s --script orders.txt`;

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
      chosen = runConfig(run.optsWithGlobals<RunOptions>());
    });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode === 0 ? 0 : USAGE_EXIT;
    return { kind: 'exit', code, output: output.trimEnd() };
  }
  return chosen ?? { kind: 'exit', code: USAGE_EXIT, output: 'blotter: nothing to run' };
}

function sessionConfig(opts: SessionOptions): SessionConfig {
  const engine: { -readonly [K in keyof EngineConfig]?: EngineConfig[K] } = {};
  if (opts.orderTimeout !== undefined) engine.orderTimeoutMs = opts.orderTimeout;
  if (opts.rateLimit !== undefined) engine.rateLimit = { limit: opts.rateLimit, intervalMs: 60_000 };
  return {
    seed: opts.seed,
    dataDir: opts.dataDir,
    profile: opts.profile ?? DEFAULT_PROFILE,
    ...(opts.faults !== undefined && { faults: opts.faults }),
    ...(opts.tick !== undefined && { tickMs: opts.tick }),
    ...(opts.resetExchange === true && { resetExchange: true }),
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
