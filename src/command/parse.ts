import type { Intent, ParseResult } from './intent.js';
import { echo, lineLengthProblem } from './clip.js';
import { COMMANDS, findCommand, type CommandVerb } from './commands.js';
import { parseBacktest } from './parse-backtest.js';
import { parseHalt } from './parse-halt.js';
import { parseOrder } from './parse-order.js';
import { parseReplace } from './parse-replace.js';
import { parseStrategy } from './parse-strategy.js';
import { parseCancel, parseFlatten } from './parse-targets.js';
import { parseWatch } from './parse-watch.js';
import { fail } from './result.js';
import { tokenize } from './tokens.js';

type VerbParser = (args: readonly string[], typed: string) => ParseResult;

const PARSERS: Readonly<Record<CommandVerb, VerbParser>> = {
  buy: (args) => parseOrder('buy', args),
  sell: (args) => parseOrder('sell', args),
  cancel: parseCancel,
  replace: parseReplace,
  flatten: parseFlatten,
  halt: parseHalt,
  resume: (args, typed) => alone({ kind: 'resume' }, args, typed),
  watch: (args) => parseWatch('watch', args),
  unwatch: (args) => parseWatch('unwatch', args),
  strategy: parseStrategy,
  strategies: (args, typed) => alone({ kind: 'strategies' }, args, typed),
  backtest: parseBacktest,
  metrics: (args, typed) => alone({ kind: 'metrics' }, args, typed),
  help: (args, typed) => alone({ kind: 'help' }, args, typed),
  quit: (args, typed) => alone({ kind: 'quit' }, args, typed),
};

/** Reads one command line. Never throws: anything it cannot read comes back as a one-line error. */
export function parse(text: string): ParseResult {
  const tooLong = lineLengthProblem(text);
  if (tooLong !== undefined) return fail(tooLong);
  const [head, ...args] = tokenize(text);
  if (head === undefined) return fail('type a command, e.g. buy 10 AAPL, or ? for help');
  const command = findCommand(head);
  if (command !== undefined) return PARSERS[command.verb](args, head.toLowerCase());
  return fail(`unknown command '${echo(head)}'; commands are ${COMMANDS.map((c) => c.verb).join(', ')}, e.g. buy 10 AAPL`);
}

function alone(intent: Intent, args: readonly string[], typed: string): ParseResult {
  return args.length === 0 ? { ok: true, intent } : fail(`${typed} takes nothing after it; remove '${echo(args.join(' '))}'`);
}
