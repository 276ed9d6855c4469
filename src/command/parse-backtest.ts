import { dec, type Decimal } from '../domain/decimal.js';
import { echo } from './clip.js';
import type { BacktestBound, BacktestData, BacktestIntent, ParseResult } from './intent.js';
import { fail, ok, type Parsed } from './result.js';

// The CLI's option names (blotter backtest), so what works in a shell works here.
const OPTIONS = ['--data', '--from', '--to', '--cash', '--commission', '--slippage'] as const;
type OptionName = (typeof OPTIONS)[number];

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/i;
const SETTING = /^([a-z][a-z0-9-]*)=(.+)$/i;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MOMENT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/i;
const DAY_MS = 86_400_000;
const EXAMPLE = 'backtest sma-cross --data GOOG.csv fast=10 slow=30';

/**
 * `backtest NAME --data FILE|synthetic:SEED [--from DATE] [--to DATE] [--cash USD] [--commission SPEC]
 * [--slippage SPEC] [KEY=VALUE...]`. Options take their value as the next word or after `=`. Dates
 * are UTC, as the bars are: a day alone is the whole UTC day, as `blotter backtest` reads it.
 */
export function parseBacktest(args: readonly string[]): ParseResult {
  const [nameWord, ...rest] = args;
  if (nameWord === undefined) return fail(`backtest which strategy? e.g. ${EXAMPLE} (strategies lists them)`);
  if (nameWord.startsWith('-') || nameWord.includes('=')) return fail(`name the strategy first, e.g. ${EXAMPLE}`);
  if (!NAME.test(nameWord)) return fail(`'${echo(nameWord)}' is not a strategy name; names are words joined by hyphens like sma-cross (strategies lists them)`);
  const strategy = nameWord.toLowerCase();
  const example = `e.g. backtest ${strategy} --data GOOG.csv`;
  const values = new Map<OptionName, string>();
  const settings: string[] = [];
  const keys: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i] as string;
    if (word.startsWith('--')) {
      const [flag = '', inline] = splitOption(word);
      const option = OPTIONS.find((name) => name === flag.toLowerCase());
      if (option === undefined) return fail(`unknown option '${echo(flag)}'; backtest takes ${OPTIONS.join(', ')}, ${example}`);
      if (values.has(option)) return fail(`${option} is given twice; give it once, ${example}`);
      const value = inline ?? rest[++i];
      if (value === undefined || value === '' || value.startsWith('--')) return fail(`${option} needs a value, ${optionExample(strategy, option)}`);
      values.set(option, value);
      continue;
    }
    const setting = SETTING.exec(word);
    if (setting === null) return fail(`'${echo(word)}' is not a setting; write key=value after the strategy, ${example} fast=10`);
    const key = (setting[1] as string).toLowerCase();
    if (keys.includes(key)) return fail(`${key} is given twice; give it once, ${example} ${echo(word)}`);
    keys.push(key);
    settings.push(word);
  }
  const dataText = values.get('--data');
  if (dataText === undefined) return fail(`backtest ${strategy} on which bars? give --data FILE.csv or --data synthetic:SEED, ${example}`);
  const data = readData(dataText, strategy);
  if (!data.ok) return data;
  const from = readBound('from', values.get('--from'), strategy);
  if (!from.ok) return from;
  const to = readBound('to', values.get('--to'), strategy);
  if (!to.ok) return to;
  if (from.value !== undefined && to.value !== undefined && from.value.at > to.value.at) {
    return fail(`--from ${from.value.text} is after --to ${to.value.text}; give the earlier time to --from`);
  }
  const cashText = values.get('--cash');
  const cash = cashText === undefined ? undefined : readCash(cashText, strategy);
  if (cash !== undefined && !cash.ok) return cash;
  const commission = values.get('--commission');
  const slippage = values.get('--slippage');
  const intent: BacktestIntent = {
    kind: 'backtest',
    strategy,
    data: data.value,
    ...(from.value !== undefined && { from: from.value }),
    ...(to.value !== undefined && { to: to.value }),
    ...(cash !== undefined && { cash: cash.value }),
    ...(commission !== undefined && { commission: commission.toLowerCase() }),
    ...(slippage !== undefined && { slippage: slippage.toLowerCase() }),
    settings,
  };
  return { ok: true, intent };
}

function splitOption(word: string): [string, string | undefined] {
  const at = word.indexOf('=');
  return at < 0 ? [word, undefined] : [word.slice(0, at), word.slice(at + 1)];
}

function optionExample(strategy: string, option: OptionName): string {
  const values: Readonly<Record<OptionName, string>> = {
    '--data': 'GOOG.csv',
    '--from': '2010-01-04',
    '--to': '2012-12-31',
    '--cash': '10000',
    '--commission': 'per-share:0.005,min:1',
    '--slippage': 'bps:2',
  };
  return `e.g. backtest ${strategy} --data GOOG.csv${option === '--data' ? '' : ` ${option} ${values[option]}`}`;
}

function readData(text: string, strategy: string): Parsed<BacktestData> {
  const synthetic = /^synthetic(?::(.*))?$/i.exec(text);
  if (synthetic === null) return ok({ kind: 'file', path: text });
  const seed = synthetic[1] ?? '';
  if (!/^\d{1,15}$/.test(seed)) return fail(`give the synthetic market a whole-number seed, e.g. backtest ${strategy} --data synthetic:42`);
  return ok({ kind: 'synthetic', seed: Number(seed) });
}

function readBound(end: 'from' | 'to', text: string | undefined, strategy: string): Parsed<BacktestBound | undefined> {
  if (text === undefined) return ok(undefined);
  const day = DAY.exec(text);
  const at = day !== null ? dayStart(text) : momentAt(text);
  if (at === undefined) {
    return fail(`--${end} '${echo(text)}' is not a date; use 2004-08-19 (a whole UTC day) or 2004-08-19T14:30Z, ${optionExample(strategy, `--${end}`)}`);
  }
  return ok({ text, at: day !== null && end === 'to' ? at + DAY_MS - 1 : at });
}

/** Midnight UTC of a real calendar day; undefined for one like 2021-02-30. */
function dayStart(text: string): number | undefined {
  const at = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(at) && new Date(at).toISOString().slice(0, 10) === text ? at : undefined;
}

/** A date-time, UTC unless it carries Z or an offset. */
function momentAt(text: string): number | undefined {
  const moment = MOMENT.exec(text);
  if (moment === null) return undefined;
  const [, day = '', hours = '', minutes = '', seconds = '00', zone = 'Z'] = moment;
  if (dayStart(day) === undefined || Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return undefined;
  const at = Date.parse(`${day}T${hours}:${minutes}:${seconds}${zone.toUpperCase()}`);
  return Number.isFinite(at) ? at : undefined;
}

function readCash(text: string, strategy: string): Parsed<Decimal> {
  const plain = text.replace(/,/g, '');
  if (!/^\d{1,12}(\.\d{1,2})?$/.test(plain) || dec(plain).lte(0)) {
    return fail(`--cash '${echo(text)}' is not a dollar amount above 0; e.g. backtest ${strategy} --data GOOG.csv --cash 10000`);
  }
  return ok(dec(plain));
}
