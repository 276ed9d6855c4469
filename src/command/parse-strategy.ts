import { isValidSymbol, normalizeSymbol } from '../domain/symbol.js';
import { echo } from './clip.js';
import type { ParseResult, StrategyIntent, StrategyTarget } from './intent.js';
import { fail, ok, type Parsed } from './result.js';

type Control = 'pause' | 'resume' | 'reduce';

const SUB_COMMANDS = ['start', 'stop', 'pause', 'resume', 'reduce', 'list'] as const;
const SUB_COMMAND_LIST = 'start, stop, pause, resume, reduce or list';

// A strategy's name is lowercase words joined by hyphens (strategy.ts); any case is read.
const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/i;
// Instance ids are a short prefix of the name and a counter (instance-ids.ts): `sma1`, `brk12`.
const INSTANCE_ID = /^[a-z0-9]{1,12}\d$/i;
const SETTING = /^([a-z][a-z0-9-]*)=(.+)$/i;
const ALL = 'all';
const FLATTEN = 'flatten';

/**
 * `strategy start NAME SYMBOL... [KEY=VALUE...]`, `strategy stop ID|all [flatten]`,
 * `strategy pause|resume|reduce ID|all`, `strategy list`. Knows no strategy by name: whether NAME
 * exists and what its settings mean is for the strategy manager to say when the command runs.
 */
export function parseStrategy(args: readonly string[]): ParseResult {
  const [subWord, ...rest] = args;
  if (subWord === undefined) return fail(`strategy what? use ${SUB_COMMAND_LIST}, e.g. strategy start sma-cross AAPL or strategy list`);
  const sub = SUB_COMMANDS.find((word) => word === subWord.toLowerCase());
  if (sub === undefined) {
    return fail(`unknown strategy sub-command '${echo(subWord)}'; use ${SUB_COMMAND_LIST}, e.g. strategy list`);
  }
  switch (sub) {
    case 'start':
      return parseStart(rest);
    case 'stop':
      return parseStop(rest);
    case 'list':
      return rest.length === 0 ? intent({ kind: 'strategy-list' }) : fail(`strategy list takes nothing after it; remove '${echo(rest.join(' '))}'`);
    default:
      return parseControl(sub, rest);
  }
}

function parseStart(args: readonly string[]): ParseResult {
  const [nameWord, ...rest] = args;
  const needs = 'strategy start needs a strategy and a symbol, e.g. strategy start sma-cross AAPL (strategies lists what can be started)';
  if (nameWord === undefined) return fail(needs);
  if (nameWord.includes('=')) return fail(`name the strategy and its symbols before '${echo(nameWord)}', e.g. strategy start sma-cross AAPL ${echo(nameWord)}`);
  if (!NAME.test(nameWord)) {
    return fail(`'${echo(nameWord)}' is not a strategy name; names are words joined by hyphens like sma-cross (strategies lists them)`);
  }
  const name = nameWord.toLowerCase();
  const example = `e.g. strategy start ${name} AAPL`;
  const symbols: string[] = [];
  const settings: string[] = [];
  const keys: string[] = [];
  for (const word of rest) {
    if (word.includes('=')) {
      if (symbols.length === 0) return fail(`name a symbol before the settings, ${example} ${echo(word)}`);
      const setting = SETTING.exec(word);
      if (setting === null) return fail(`'${echo(word)}' is not a setting; write key=value, ${example} fast=5`);
      const key = (setting[1] as string).toLowerCase();
      if (keys.includes(key)) return fail(`${key} is given twice; give it once, ${example} ${echo(word)}`);
      keys.push(key);
      settings.push(word);
      continue;
    }
    const symbol = normalizeSymbol(word);
    if (settings.length > 0) {
      if (!isValidSymbol(symbol)) return fail(`'${echo(word)}' is not a setting; write key=value, ${example} fast=5`);
      const reordered = [name, ...symbols, symbol, ...settings].join(' ');
      return fail(`symbols go before the settings: move ${symbol} before ${echo(settings[0] as string)}, e.g. strategy start ${echo(reordered, 80)}`);
    }
    if (!isValidSymbol(symbol)) return fail(`'${echo(word)}' is not a symbol; use 1–5 letters like AAPL or BRK.B, ${example}`);
    if (symbols.includes(symbol)) return fail(`${symbol} is named twice; name each symbol once, e.g. strategy start ${name} AAPL MSFT`);
    symbols.push(symbol);
  }
  if (symbols.length === 0) return fail(`strategy start ${name} on which symbol? ${example}`);
  return intent({ kind: 'strategy-start', name, symbols, settings });
}

function parseStop(args: readonly string[]): ParseResult {
  const [targetWord, ...rest] = args;
  const target = readTarget('stop', targetWord);
  if (!target.ok) return target;
  const [next, extra] = rest;
  const flatten = next?.toLowerCase() === FLATTEN;
  const stray = flatten ? extra : next;
  if (stray !== undefined) {
    return fail(`strategy stop takes an id or all and then only flatten; remove '${echo(stray)}', e.g. strategy stop sma1 flatten`);
  }
  return intent({ kind: 'strategy-stop', target: target.value, flatten });
}

function parseControl(control: Control, args: readonly string[]): ParseResult {
  const [targetWord, extra] = args;
  const target = readTarget(control, targetWord);
  if (!target.ok) return target;
  if (extra?.toLowerCase() === FLATTEN) return fail(`flatten goes with stop only, e.g. strategy stop ${targetWord ?? 'sma1'} flatten`);
  if (extra !== undefined) return fail(`strategy ${control} takes one id or all; remove '${echo(extra)}', e.g. strategy ${control} sma1`);
  return intent({ kind: `strategy-${control}`, target: target.value });
}

function readTarget(sub: 'stop' | Control, word: string | undefined): Parsed<StrategyTarget> {
  const example = `e.g. strategy ${sub} sma1 or strategy ${sub} all`;
  if (word === undefined || word.toLowerCase() === FLATTEN) return fail(`strategy ${sub} which? name an instance id or all, ${example}`);
  const lower = word.toLowerCase();
  if (lower === ALL) return ok({ kind: 'all' });
  if (!INSTANCE_ID.test(word)) {
    return fail(`'${echo(word)}' is not a strategy id; ids look like sma1 (strategy list shows them), ${example}`);
  }
  return ok({ kind: 'instance', id: lower });
}

function intent(value: StrategyIntent): ParseResult {
  return { ok: true, intent: value };
}
