import { InvalidArgumentError, type Command } from 'commander';
import { isValidSymbol, normalizeSymbol } from '../domain/symbol.js';

/** `blotter bars fetch`: one symbol's bars over whole UTC days, from Alpaca to a CSV. */
export interface BarsFetchConfig {
  readonly symbol: string;
  /** The first day's UTC midnight, epoch ms. */
  readonly from: number;
  /** The UTC midnight after the last day: bars start before it. */
  readonly to: number;
  /** The days as given (YYYY-MM-DD), for the file's name. */
  readonly fromDay: string;
  readonly toDay: string;
  readonly timeframe: BarsTimeframe;
  /** Write here too (the cache keeps its own copy); absent, only the cache's path is printed. */
  readonly out?: string;
  /** Where profiles are stored; the cache is its `bars` folder. Undefined: $BLOTTER_DATA_DIR, else your data directory. */
  readonly dataDir?: string;
  /** One base URL for Alpaca's data (an emulator), instead of Alpaca's host. */
  readonly alpacaUrl?: string;
}

export interface BarsTimeframe {
  /** As Alpaca names it: 1Day, 1Hour, 5Min. */
  readonly label: string;
  readonly ms: number;
}

export const DEFAULT_BARS_TIMEFRAME: BarsTimeframe = { label: '1Day', ms: 86_400_000 };

interface BarsOptions {
  from: Day;
  to: Day;
  timeframe?: BarsTimeframe;
  out?: string;
  dataDir?: string;
  alpacaUrl?: string;
}

interface Day {
  readonly text: string;
  readonly at: number;
}

const DAY_MS = 86_400_000;
const TIMEFRAME = /^(\d{1,2})(Min|Hour|Day)$/i;
const TIMEFRAME_HINT = 'use 1Day, 1Hour or 1Min (or N Min up to 59Min, N Hour up to 23Hour), e.g. --timeframe 1Day';

const BARS_HELP = `
Fetches one symbol's bars from Alpaca through its SDK (the free IEX feed, raw prices), with the
keys the console uses (APCA_API_KEY_ID and APCA_API_SECRET_KEY, else alpaca-credentials.json in
the config directory), and writes them as a CSV that \`blotter backtest --data\` and \`--replay\` read:
Date,Open,High,Low,Close,Volume, one row per bar, oldest first, dates in UTC (a day bar is the UTC
day of its session). Days are whole UTC days, --from and --to both included.
The file goes to <data dir>/bars/SYMBOL-TIMEFRAME-FROM-TO.csv and its path is printed; fetching
the same range again reuses it once the range is over (a range reaching today is fetched again).
Exit status: 0 written or reused; 1 Alpaca or the file failed; 2 for a bad command line.

Example:
  blotter bars fetch GOOG --from 2024-01-01 --to 2024-12-31 --timeframe 1Day`;

/** Adds `blotter bars fetch`; `chosen` receives its settings when it is the command run. */
export function addBarsCommand(program: Command, chosen: (config: BarsFetchConfig) => void): void {
  const bars = program.command('bars').description('historical bars: `bars fetch` downloads them from Alpaca into a CSV');
  const fetch = bars
    .command('fetch')
    .description("fetch a symbol's bars from Alpaca into a CSV for backtests and replays, and print its path")
    .argument('<symbol>', 'the symbol, e.g. GOOG', parseSymbol)
    .requiredOption('--from <day>', 'the first UTC day, e.g. 2024-01-01', parseDay)
    .requiredOption('--to <day>', 'the last UTC day, included, e.g. 2024-12-31', parseDay)
    .option('--timeframe <tf>', `bar length as Alpaca names it: 1Day, 1Hour, 1Min… (default: ${DEFAULT_BARS_TIMEFRAME.label})`, parseTimeframe)
    .option('--out <file.csv>', 'also write the CSV here', parseOut)
    .option('--data-dir <dir>', 'the cache is the bars folder here (default: $BLOTTER_DATA_DIR, else your data directory)', parseDir)
    .option('--alpaca-url <url>', "one base URL for Alpaca's data, e.g. an emulator http://127.0.0.1:18080 (default: $BLOTTER_ALPACA_URL, else Alpaca's host)", parseUrl)
    .allowExcessArguments(false)
    .addHelpText('after', BARS_HELP)
    .action((symbol: string) => {
      const opts = fetch.opts<BarsOptions>();
      if (opts.from.at > opts.to.at) fetch.error(`error: --from ${opts.from.text} is after --to ${opts.to.text}; give the earlier day to --from`);
      chosen({
        symbol,
        from: opts.from.at,
        to: opts.to.at + DAY_MS,
        fromDay: opts.from.text,
        toDay: opts.to.text,
        timeframe: opts.timeframe ?? DEFAULT_BARS_TIMEFRAME,
        ...(opts.out !== undefined && { out: opts.out }),
        ...(opts.dataDir !== undefined && { dataDir: opts.dataDir }),
        ...(opts.alpacaUrl !== undefined && { alpacaUrl: opts.alpacaUrl }),
      });
    });
}

function parseSymbol(text: string): string {
  const symbol = normalizeSymbol(text);
  if (!isValidSymbol(symbol)) throw new InvalidArgumentError(`"${text}" is not a symbol; give a ticker such as GOOG or BRK.B`);
  return symbol;
}

function parseDay(text: string): Day {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const at = match === null ? Number.NaN : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== text.trim()) throw new InvalidArgumentError('use a day such as 2024-01-31');
  return { text: text.trim(), at };
}

function parseTimeframe(text: string): BarsTimeframe {
  const match = TIMEFRAME.exec(text.trim());
  if (match === null) throw new InvalidArgumentError(TIMEFRAME_HINT);
  const n = Number(match[1]);
  const unit = (match[2] ?? '').toLowerCase();
  const ok = unit === 'day' ? n === 1 : unit === 'hour' ? n >= 1 && n <= 23 : n >= 1 && n <= 59;
  if (!ok) throw new InvalidArgumentError(TIMEFRAME_HINT);
  const label = `${n}${unit === 'min' ? 'Min' : unit === 'hour' ? 'Hour' : 'Day'}`;
  const ms = n * (unit === 'min' ? 60_000 : unit === 'hour' ? 3_600_000 : DAY_MS);
  return { label, ms };
}

function parseOut(text: string): string {
  if (text.trim() === '') throw new InvalidArgumentError('give a path, e.g. ./data/GOOG.csv');
  return text;
}

function parseDir(text: string): string {
  if (text.trim() === '') throw new InvalidArgumentError('give a directory, e.g. --data-dir ./trading');
  return text;
}

function parseUrl(text: string): string {
  if (!/^https?:\/\/\S+$/i.test(text.trim())) throw new InvalidArgumentError('give an http(s) base URL, e.g. --alpaca-url http://127.0.0.1:18080');
  return text.trim();
}
