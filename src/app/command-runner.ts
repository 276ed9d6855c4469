import { BlotterError } from '../domain/errors.js';
import { formatQty } from '../domain/decimal.js';
import { MAX_ANSWER_LENGTH } from '../command/clip.js';
import { clipText } from '../kernel/clip-text.js';
import type { Intent } from '../command/intent.js';
import { parse } from '../command/parse.js';
import { COMMANDS } from '../command/commands.js';
import { orderLabel } from '../core/describe-order.js';
import type { Engine } from '../core/engine.js';
import { formatMetrics } from '../core/metrics.js';
import { errorText } from '../core/engine.js';
import type { StrategyManager } from '../strategy/strategy-manager.js';
import type { BacktestJob, ConsoleBacktests } from './console-backtest.js';
import { runStrategyCommand } from './strategy-commands.js';

export type CommandOutcome =
  /** `backtest`: the run going on in the background, for the console to show when it ends. */
  | { readonly ok: true; readonly text: string; readonly quit?: boolean; readonly backtest?: BacktestJob }
  | { readonly ok: false; readonly text: string };

/** What `backtest` needs of the session: its one-at-a-time runner. */
export type BacktestDesk = Pick<ConsoleBacktests, 'start'>;

/** What the strategy commands need of the session's strategies. */
export type StrategyDesk = Pick<StrategyManager, 'start' | 'stop' | 'pause' | 'resume' | 'reduce' | 'list' | 'definitions' | 'ownerOf'>;

/**
 * Runs one command line against the engine and answers in one line of at most MAX_ANSWER_LENGTH
 * characters. Never throws: a refusal or an unexpected failure becomes an error line, and nothing
 * is sent unless the command was valid. Strategy commands need `strategies`; without it they say
 * strategies are not available; `backtest` needs `backtests` (the console's).
 */
export async function runCommand(engine: Engine, text: string, strategies?: StrategyDesk, backtests?: BacktestDesk): Promise<CommandOutcome> {
  const outcome = await answer(engine, text, strategies, backtests);
  return { ...outcome, text: clipText(outcome.text, MAX_ANSWER_LENGTH) };
}

async function answer(engine: Engine, text: string, strategies: StrategyDesk | undefined, backtests: BacktestDesk | undefined): Promise<CommandOutcome> {
  const parsed = parse(text);
  if (!parsed.ok) return { ok: false, text: parsed.error };
  try {
    return await execute(engine, parsed.intent, strategies, backtests);
  } catch (error) {
    if (error instanceof BlotterError) return { ok: false, text: error.message };
    return { ok: false, text: `internal error: ${errorText(error)}` };
  }
}

async function execute(engine: Engine, intent: Intent, strategies: StrategyDesk | undefined, backtests: BacktestDesk | undefined): Promise<CommandOutcome> {
  switch (intent.kind) {
    case 'place': {
      const order = await engine.place(intent.spec, intent.options);
      return { ok: true, text: `${orderLabel(order)} sent (${order.status.replace('_', ' ')})` };
    }
    case 'cancel': {
      const { target } = intent;
      if (target.kind === 'order') {
        const order = await engine.cancel(target.ref);
        return { ok: true, text: `cancel requested for ${orderLabel(order)}` };
      }
      const { requested, refused } = await engine.cancelAll(target.kind === 'symbol' ? target.symbol : undefined);
      const scope = target.kind === 'symbol' ? `${target.symbol} ` : '';
      if (requested.length === 0 && refused.length === 0) return { ok: true, text: `no working ${scope}orders to cancel` };
      const asked = `cancel requested for ${requested.length} working ${scope}order${requested.length === 1 ? '' : 's'}`;
      if (refused.length === 0) return { ok: true, text: asked };
      // Said in full, with the first reason: the trader must know some are still working.
      const notYet = `${refused.length} not cancelled: ${refused[0] ?? ''}${refused.length > 1 ? ` (and ${refused.length - 1} more)` : ''}`;
      return requested.length === 0 ? { ok: false, text: notYet } : { ok: true, text: `${asked}; ${notYet}` };
    }
    case 'replace': {
      const { ref, ...changes } = intent;
      const replacement = await engine.replace(ref, changes);
      return { ok: true, text: `replace requested: ${orderLabel(replacement)}` };
    }
    case 'flatten': {
      const symbols = intent.target.kind === 'symbol' ? [intent.target.symbol] : engine.openPositionSymbols();
      if (symbols.length === 0) return { ok: true, text: 'no open positions to flatten' };
      const closes = [];
      for (const symbol of symbols) {
        const order = await engine.flatten(symbol);
        closes.push(order === undefined ? `${symbol} already flat` : `${orderLabel(order)} (${formatQty(order.qty ?? order.filledQty)} to close)`);
      }
      return { ok: true, text: `flatten: ${closes.join('; ')}` };
    }
    case 'watch':
      await engine.watch(intent.symbols);
      return { ok: true, text: `watching ${intent.symbols.join(' ')}` };
    case 'unwatch':
      engine.unwatch(intent.symbols);
      return { ok: true, text: `stopped watching ${intent.symbols.join(' ')}` };
    case 'halt':
      engine.halt(intent.reason ?? 'halted by the trader');
      return { ok: true, text: 'trading halted: new orders are refused; cancels and closes still go through' };
    case 'resume':
      engine.resume();
      return { ok: true, text: 'trading resumed: new orders allowed' };
    case 'metrics': {
      const lines = formatMetrics(engine.metrics());
      for (const line of lines) engine.note('info', `metrics: ${line}`);
      return { ok: true, text: `metrics: ${lines[0] ?? 'nothing measured yet'}${lines.length > 1 ? ' (all figures in the log)' : ''}` };
    }
    case 'strategy-start':
    case 'strategy-stop':
    case 'strategy-pause':
    case 'strategy-resume':
    case 'strategy-reduce':
    case 'strategy-list':
    case 'strategies':
      return runStrategyCommand(engine, intent, strategies);
    case 'backtest': {
      if (backtests === undefined) return { ok: false, text: 'backtest runs in the console; from a shell use blotter backtest --strategy NAME --data FILE' };
      const start = await backtests.start(intent);
      return start.ok ? { ok: true, text: start.text, backtest: start.job } : { ok: false, text: start.text };
    }
    case 'help':
      return { ok: true, text: `commands: ${COMMANDS.map((c) => c.verb).join(', ')} — e.g. buy 10 AAPL @ 187.50 gtc` };
    case 'quit':
      return { ok: true, text: 'leaving Blotter', quit: true };
  }
}
