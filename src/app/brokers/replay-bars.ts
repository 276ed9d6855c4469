import { basename, extname } from 'node:path';
import type { ReplaySource } from '../../broker/sim/replay-feed.js';

export { DEFAULT_REPLAY_BAR_MS } from '../../broker/sim/replay-feed.js';
import { isValidSymbol, normalizeSymbol } from '../../domain/symbol.js';
import { loadBars } from '../bar-cache.js';
import { StartupError } from '../startup-error.js';

/** `--replay FILE.csv[:SYMBOL]`: a CSV of bars (the backtest's format) and the symbol it plays. */
export interface ReplayFile {
  readonly path: string;
  readonly symbol: string;
}

/** What `--replay` and `--replay-bar` ask of the simulator. */
export interface ReplaySettings {
  readonly files: readonly ReplayFile[];
  /** How long each bar lasts on the clock; a strategy trading the replay uses the same `bar=`. */
  readonly barMs: number;
}

const SYMBOL_SUFFIX = /^(.+):([A-Za-z.]{1,7})$/;

/** Reads `FILE.csv[:SYMBOL]`; without a symbol, the file's name is it (GOOG.csv plays GOOG). Throws one line. */
export function parseReplayFile(text: string): ReplayFile {
  const trimmed = text.trim();
  const suffixed = SYMBOL_SUFFIX.exec(trimmed);
  const path = suffixed?.[1] ?? trimmed;
  const symbol = normalizeSymbol(suffixed?.[2] ?? basename(path, extname(path)));
  if (path === '') throw new Error('give a CSV of bars, e.g. --replay GOOG.csv or --replay prices.csv:GOOG');
  if (!isValidSymbol(symbol)) {
    throw new Error(`"${symbol}" (from ${trimmed}) is not a symbol; name the file after it (GOOG.csv) or add it after a colon, e.g. --replay ${path}:GOOG`);
  }
  return { path, symbol };
}

/** The bars of every replayed file, read through the bar cache; a file that cannot be read stops the start. */
export async function loadReplaySources(settings: ReplaySettings, cacheDir: string): Promise<ReplaySource[]> {
  const seen = new Set<string>();
  const sources: ReplaySource[] = [];
  for (const { path, symbol } of settings.files) {
    if (seen.has(symbol)) throw new StartupError(`--replay: ${symbol} is given twice; replay one file per symbol`);
    seen.add(symbol);
    const loaded = await loadBars(path, { cacheDir });
    if (!loaded.ok) throw new StartupError(`--replay: ${loaded.problem}`);
    if (loaded.bars.length === 0) throw new StartupError(`--replay: ${path} holds no bars; give a CSV with at least one row after its header`);
    sources.push({ symbol, bars: loaded.bars });
  }
  return sources;
}
