import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { AlpacaMarketData } from '../broker/alpaca/alpaca-market-data.js';
import { alpacaEndpoints, endpointsAt, type AlpacaEndpoints } from '../broker/alpaca/endpoints.js';
import { isBrokerError } from '../broker/errors.js';
import type { PriceBar } from '../broker/port.js';
import { errorText } from '../core/error-text.js';
import { systemClock } from '../kernel/clock.js';
import { writeFileAtomic } from '../persistence/atomic-file.js';
import { errorCode } from '../persistence/error-code.js';
import { ensureDir, resolveConfigDir, resolveDataDir } from '../persistence/paths.js';
import type { BarsFetchConfig } from './bars-config.js';
import { ALPACA_URL_ENV } from './brokers/alpaca-broker.js';
import { readAlpacaCredentials } from './brokers/alpaca-credentials.js';

export interface BarsFetchIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Where keys and $BLOTTER_ALPACA_URL are read: the process's unless a test gives its own. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly configDir?: string;
}

export interface FetchedBars {
  /** Where the CSV is: --out when given, else the cache's file. */
  readonly path: string;
  /** The cache already held the range, over when it was written: Alpaca was not asked. */
  readonly reused: boolean;
}

/** Beside the profiles in the data directory. */
export const BARS_DIR = 'bars';

const DAY_MS = 86_400_000;

/** `blotter bars fetch`: the CSV's path on stdout, or one line on stderr. */
export async function runBarsFetch(config: BarsFetchConfig, io: BarsFetchIo = process): Promise<number> {
  try {
    const fetched = await fetchBars(config, io);
    io.stdout.write(`${fetched.path}\n`);
    return 0;
  } catch (error) {
    io.stderr.write(`blotter bars fetch: ${errorText(error)}\n`);
    return 1;
  }
}

/**
 * The range's bars as a CSV in the cache (`<data dir>/bars/SYMBOL-TIMEFRAME-FROM-TO.csv`), fetched
 * unless the file is there and was written after the range ended, so a range still under way (or
 * the bars Alpaca adds late to it) is fetched again.
 */
export async function fetchBars(config: BarsFetchConfig, io: BarsFetchIo): Promise<FetchedBars> {
  const cached = join(resolveDataDir(config.dataDir), BARS_DIR, `${config.symbol}-${config.timeframe.label}-${config.fromDay}-${config.toDay}.csv`);
  const writtenAt = await modifiedAt(cached);
  const reused = writtenAt !== undefined && writtenAt >= config.to;
  const text = reused ? undefined : barsCsv(await download(config, io), config.timeframe.ms);
  if (text !== undefined) {
    await ensureDir(dirname(cached));
    await writeFileAtomic(cached, text);
  }
  if (config.out === undefined) return { path: cached, reused };
  const out = resolve(config.out);
  await writeFileAtomic(out, text ?? (await readFile(cached, 'utf8')));
  return { path: out, reused };
}

async function download(config: BarsFetchConfig, io: BarsFetchIo): Promise<PriceBar[]> {
  const env = io.env ?? process.env;
  const credentials = await readAlpacaCredentials(env, io.configDir ?? resolveConfigDir());
  const url = config.alpacaUrl ?? nonEmpty(env[ALPACA_URL_ENV]);
  const endpoints = endpointsFor(url);
  const data = new AlpacaMarketData({
    dataUrl: endpoints.data,
    streamUrl: endpoints.dataStream,
    keyId: credentials.keyId,
    secret: credentials.secret,
    clock: systemClock,
    notice: () => undefined,
  });
  let bars: PriceBar[];
  try {
    bars = await data.bars(config.symbol, config.timeframe.ms, config.from, config.to);
  } catch (error) {
    if (isBrokerError(error) && (error.status === 401 || error.status === 403)) {
      throw new Error(`Alpaca at ${endpoints.data} refused the keys from ${credentials.source} (${error.status}); check both halves of the pair`);
    }
    throw new Error(`Alpaca at ${endpoints.data} gave no bars: ${errorText(error)}`);
  } finally {
    await data.close();
  }
  if (bars.length === 0) {
    throw new Error(`Alpaca has no ${config.timeframe.label} bars of ${config.symbol} from ${config.fromDay} to ${config.toDay}; check the symbol and the days`);
  }
  return bars;
}

function endpointsFor(url: string | undefined): AlpacaEndpoints {
  if (url === undefined) return alpacaEndpoints('paper');
  try {
    return endpointsAt(url);
  } catch (error) {
    throw new Error(`--alpaca-url / ${ALPACA_URL_ENV}: ${errorText(error)}`);
  }
}

/** The backtest's CSV: a Date column first, then Open, High, Low, Close, Volume; days as days, times in UTC. */
export function barsCsv(bars: readonly PriceBar[], timeframeMs: number): string {
  const when = (start: number): string => {
    const iso = new Date(start).toISOString();
    return timeframeMs % DAY_MS === 0 ? iso.slice(0, 10) : `${iso.slice(0, 19)}Z`;
  };
  const rows = bars.map((bar) => `${when(bar.start)},${bar.open},${bar.high},${bar.low},${bar.close},${bar.volume}`);
  return `Date,Open,High,Low,Close,Volume\n${rows.join('\n')}\n`;
}

async function modifiedAt(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).mtimeMs;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
