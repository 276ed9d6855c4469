import { formatQty, formatSigned } from '../domain/decimal.js';
import type { StrategyIntent, StrategyTarget } from '../command/intent.js';
import type { Engine } from '../core/engine.js';
import type { DefinitionRow } from '../strategy/definition-rows.js';
import type { StopOutcome, StrategyRow } from '../strategy/strategy-manager.js';
import type { RunnerState } from '../strategy/strategy-runner.js';
import type { CommandOutcome, StrategyDesk } from './command-runner.js';

type Control = 'pause' | 'resume' | 'reduce';

/** Which states each control can move an instance out of (strategy-runner.ts refuses the rest). */
const MOVES_FROM: Readonly<Record<Control, readonly RunnerState[]>> = {
  pause: ['running', 'reducing'],
  resume: ['paused', 'reducing'],
  reduce: ['running', 'paused'],
};

/**
 * Runs a strategy command against the session's strategies and answers in one line; tables go to
 * the log through `engine.note`. Errors the manager throws (an unknown id) reach the caller's catch.
 */
export async function runStrategyCommand(engine: Engine, intent: StrategyIntent, desk: StrategyDesk | undefined): Promise<CommandOutcome> {
  if (desk === undefined) return { ok: false, text: 'strategies are not available in this session' };
  switch (intent.kind) {
    case 'strategy-start':
      return start(desk, intent.name, intent.symbols, intent.settings);
    case 'strategy-stop':
      return stop(desk, intent.target, intent.flatten);
    case 'strategy-pause':
      return control(desk, 'pause', intent.target);
    case 'strategy-resume':
      return control(desk, 'resume', intent.target);
    case 'strategy-reduce':
      return control(desk, 'reduce', intent.target);
    case 'strategy-list':
      return list(engine, desk.list());
    case 'strategies':
      return definitions(engine, desk.definitions());
  }
}

/**
 * One instance per symbol, all or none: an owned symbol refuses the whole command before anything
 * starts, and a start that fails part-way stops the instances this command already started.
 */
async function start(desk: StrategyDesk, name: string, symbols: readonly string[], settings: readonly string[]): Promise<CommandOutcome> {
  for (const symbol of symbols) {
    const owner = desk.ownerOf(symbol);
    if (owner !== undefined) return { ok: false, text: `${symbol} is already traded by ${owner.id} (${owner.name}); stop it first` };
  }
  const started: { readonly id: string; readonly symbol: string }[] = [];
  try {
    for (const symbol of symbols) {
      const outcome = await desk.start(name, symbol, settings);
      if (!outcome.ok) return { ok: false, text: `${outcome.problem}${await undo(desk, started)}` };
      started.push({ id: outcome.id, symbol });
    }
  } catch (error) {
    await undo(desk, started);
    throw error;
  }
  const rows = desk.list();
  const first = rows.find((row) => row.id === started[0]?.id);
  const kind = first === undefined ? '' : ` (${first.name}, ${first.timeframe} bars)`;
  return { ok: true, text: `started ${started.map(({ id, symbol }) => `${id} on ${symbol}`).join(', ')}${kind}` };
}

/** Stops what a failed start already started; says so, for the end of its refusal. */
async function undo(desk: StrategyDesk, started: readonly { readonly id: string; readonly symbol: string }[]): Promise<string> {
  if (started.length === 0) return '';
  const unfinished: string[] = [];
  for (const { id } of started) {
    for (const outcome of await desk.stop(id)) unfinished.push(...outcome.report.unfinished.map((line) => `${id}: ${line}`));
  }
  const stopped = started.map(({ id, symbol }) => `${id} on ${symbol}`).join(', ');
  const rest = unfinished.length === 0 ? '' : `; not finished: ${unfinished.join('; ')}`;
  return `; so none runs: ${stopped} stopped again${rest}`;
}

async function stop(desk: StrategyDesk, target: StrategyTarget, flatten: boolean): Promise<CommandOutcome> {
  const which = target.kind === 'all' ? 'all' : target.id;
  const outcomes = await desk.stop(which, { flatten });
  if (outcomes.length === 0) {
    return { ok: true, text: target.kind === 'all' ? 'no strategies running to stop' : `${target.id} is already stopped` };
  }
  const ids = outcomes.map((outcome) => outcome.id).join(', ');
  const unfinished = outcomes.flatMap(({ id, report }) => report.unfinished.map((line) => (outcomes.length > 1 ? `${id}: ${line}` : line)));
  const text = `stopped ${ids}: ${stopWork(outcomes, flatten)}${unfinished.length === 0 ? '' : `; not finished: ${unfinished.join('; ')}`}`;
  // Red when something is still out there: an order working or a position left open needs the trader.
  return { ok: unfinished.length === 0, text };
}

/** `cancelled 2 orders, sent 1 closing order` for the stops together. */
function stopWork(outcomes: readonly StopOutcome[], flatten: boolean): string {
  const cancelled = outcomes.reduce((sum, { report }) => sum + report.canceled.length, 0);
  const closes = outcomes.filter(({ report }) => report.flattenedBy !== undefined).length;
  const parts = [cancelled === 0 ? 'no working orders to cancel' : `cancelled ${plural(cancelled, 'order')}`];
  if (closes > 0) parts.push(`sent ${plural(closes, 'closing order')}`);
  else if (flatten) parts.push('no position to close');
  return parts.join(', ');
}

/** One instance, or each instance the control can move with `all` (the others are left as they are). */
async function control(desk: StrategyDesk, action: Control, target: StrategyTarget): Promise<CommandOutcome> {
  if (target.kind === 'instance') {
    const outcome = await desk[action](target.id);
    if (!outcome.ok) return { ok: false, text: outcome.problem };
    return { ok: true, text: controlled(action, [target.id]) };
  }
  const ids = desk
    .list()
    .filter((row) => MOVES_FROM[action].includes(row.state))
    .map((row) => row.id);
  if (ids.length === 0) return { ok: true, text: `no ${MOVES_FROM[action].join(' or ')} strategies to ${action}` };
  if (action === 'reduce') {
    const outcome = await desk.reduce('all');
    return outcome.ok ? { ok: true, text: controlled(action, ids) } : { ok: false, text: outcome.problem };
  }
  const moved: string[] = [];
  const problems: string[] = [];
  for (const id of ids) {
    const outcome = await desk[action](id);
    if (outcome.ok) moved.push(id);
    else problems.push(outcome.problem);
  }
  if (moved.length === 0) return { ok: false, text: problems.join('; ') };
  return { ok: true, text: `${controlled(action, moved)}${problems.length === 0 ? '' : `; ${problems.join('; ')}`}` };
}

function controlled(action: Control, ids: readonly string[]): string {
  const list = ids.join(', ');
  switch (action) {
    case 'pause':
      return `paused ${list}: no new signals; working orders stay (strategy resume to go on)`;
    case 'resume':
      return `resumed ${list}: acting on signals again`;
    case 'reduce':
      return `reducing ${list}: only orders that shrink a position go out (strategy resume lifts it)`;
  }
}

function list(engine: Engine, rows: readonly StrategyRow[]): CommandOutcome {
  if (rows.length === 0) return { ok: true, text: 'no strategies started; strategies lists what can be started' };
  for (const row of rows) engine.note('info', `strategy list: ${rowLine(row)}`);
  const summary = rows.map((row) => `${row.id} ${row.symbol} ${row.state}`).join(', ');
  return { ok: true, text: `${plural(rows.length, 'strategy', 'strategies')}: ${summary} (details in the log)` };
}

/** `sma1 sma-cross AAPL 5s bars · running · slots 1 · sent 4, refused 1 (all_in_use 1) · position +10 · …`. */
function rowLine(row: StrategyRow): string {
  const refusals = Object.entries(row.refusedBy).map(([reason, n]) => `${reason} ${n}`);
  const { maxPosition, maxNotional, maxOrdersPerMinute } = row.limits;
  const unrealized = row.unrealized === undefined ? 'unrealized unknown' : `unrealized ${formatSigned(row.unrealized)}`;
  return [
    `${row.id} ${row.name} ${row.symbol} ${row.timeframe} bars`,
    row.error === undefined ? row.state : `${row.state}: ${row.error}`,
    `slots ${row.slotsInUse}`,
    `sent ${row.sent}, refused ${row.refused}${refusals.length === 0 ? '' : ` (${refusals.join(', ')})`}`,
    `position ${row.position.gt(0) ? '+' : ''}${formatQty(row.position)}`,
    `P&L realized ${formatSigned(row.realized)}, ${unrealized}`,
    `limits max-pos=${maxPosition.toString()} max-notional=${maxNotional.toString()} max-orders=${maxOrdersPerMinute}`,
    row.lastSignal === undefined ? 'no signal yet' : `last signal ${new Date(row.lastSignal.at).toISOString().slice(11, 19)} UTC ${row.lastSignal.text}`,
  ].join(' · ');
}

/** Taken by the runner for every strategy (runner-args.ts), not by the strategy itself. */
const RUNNER_PARAMS = ['bar', 'max-pos', 'max-notional', 'max-orders'];

function definitions(engine: Engine, rows: readonly DefinitionRow[]): CommandOutcome {
  if (rows.length === 0) return { ok: true, text: 'no strategies can be started: none is built in or loaded' };
  // The runner's own parameters are the same for every strategy: listed once, after them all.
  const shared = new Map<string, DefinitionRow['params'][number]>();
  const note = (owner: string, param: DefinitionRow['params'][number]): void =>
    engine.note('info', `strategies:   ${owner}${param.name}=${param.default} (${param.allowed}) — ${param.description}`);
  for (const row of rows) {
    engine.note('info', `strategies: ${row.name} — ${row.description}`);
    for (const param of row.params) {
      if (RUNNER_PARAMS.includes(param.name)) shared.set(param.name, param);
      else note(`${row.name} `, param);
    }
  }
  if (shared.size > 0) engine.note('info', 'strategies: every strategy also takes');
  for (const param of shared.values()) note('', param);
  const example = `strategy start ${rows[0]?.name ?? ''} AAPL`;
  return { ok: true, text: `${plural(rows.length, 'strategy', 'strategies')} to start: ${rows.map((row) => row.name).join(', ')} (parameters in the log), e.g. ${example}` };
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
