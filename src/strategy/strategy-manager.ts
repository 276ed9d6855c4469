import { Mutex } from 'async-mutex';
import { sourceOfClientOrderId } from '../domain/client-order-id.js';
import type { Decimal } from '../domain/decimal.js';
import type { Fill } from '../domain/fill.js';
import type { Clock } from '../kernel/clock.js';
import { errorText } from '../core/error-text.js';
import { TaskSet } from '../core/task-set.js';
import { ValidationError } from '../domain/errors.js';
import type { Bar } from '../domain/bar.js';
import type { QuoteTick, TradeTick } from './bar-builder.js';
import type { Executor } from './executor.js';
import { InstanceIds } from './instance-ids.js';
import { resolveStrategyParams, type ParamSchema, type ParamValues } from './params.js';
import { takeRunnerArgs, type RunnerArgs } from './runner-args.js';
import type { SignalSlots } from './signal-slots.js';
import type { SourceLimits } from './source-limits.js';
import { definitionRows, type DefinitionRow } from './definition-rows.js';
import type { InstanceStatus, SavedInstance, StrategyMetrics } from './instance-status.js';
import type { StrategyDefinition } from './strategy.js';
import { StrategyRunner, type LastSignal, type RunnerLogLevel, type RunnerState, type SignalRefusal, type StopReport } from './strategy-runner.js';
import type { SymbolClaim, SymbolOwner, SymbolOwners } from './symbol-owners.js';
import type { Timeframe } from './timeframe.js';

/** How long a stop waits for cancels, the closing order and tracked work unless told. */
export const STOP_WITHIN_MS = 10_000;

export interface StrategyManagerOptions {
  readonly definitions: readonly StrategyDefinition[];
  readonly executor: Executor;
  readonly slots: SignalSlots;
  readonly owners: SymbolOwners;
  readonly clock: Clock;
  readonly log: (level: RunnerLogLevel, text: string) => void;
  /** Bars of the symbol before now, oldest first, to warm a new instance up; none when absent. */
  readonly history?: (symbol: string, timeframe: Timeframe, bars: number) => Promise<readonly Bar[]>;
  readonly slowHandlerMs?: number;
  readonly stopwatch?: () => number;
  /** Ids these books have used before (stored instances, sources of fills): never given out again. */
  readonly usedIds?: Iterable<string>;
  /** An instance started, changed state or traded: for the store to keep it up to date. */
  readonly onChange?: (status: InstanceStatus) => void;
  /** Symbols an instance now trades: their prices must stream. */
  readonly onSymbols?: (symbols: readonly string[]) => void;
}

export type StartOutcome = { readonly ok: true; readonly id: string } | { readonly ok: false; readonly problem: string };

export type ControlOutcome = { readonly ok: true } | { readonly ok: false; readonly problem: string };

export interface StopOutcome {
  readonly id: string;
  readonly report: StopReport;
}

/** One instance as the strategies pane shows it. */
export interface StrategyRow {
  readonly id: string;
  readonly name: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly limits: SourceLimits;
  readonly state: RunnerState;
  readonly error?: string;
  readonly slotsInUse: number;
  readonly sent: number;
  readonly refused: number;
  readonly refusedBy: Readonly<Partial<Record<SignalRefusal, number>>>;
  readonly position: Decimal;
  readonly realized: Decimal;
  readonly unrealized: Decimal | undefined;
  readonly lastSignal?: LastSignal;
}

interface Instance extends SavedInstance {
  readonly lock: Mutex;
  runner?: StrategyRunner;
  /** Set once the instance is stopped or its start failed: nothing more happens to it. */
  closed: boolean;
  /** Set once warmed up and started: until then no market data or fill reaches its runner. */
  started?: boolean;
}

/**
 * The running strategy instances. Each lifecycle operation on one instance (start, stop, pause,
 * resume, reduce) runs under that instance's mutex, so a stop that arrives while the start is
 * still warming up waits for it rather than interleaving with it, and two stops run one after the
 * other (the second finds nothing left to do).
 */
export class StrategyManager {
  private readonly instances = new Map<string, Instance>();
  private readonly ids: InstanceIds;
  private readonly work: TaskSet;

  constructor(private readonly options: StrategyManagerOptions) {
    this.ids = new InstanceIds(options.usedIds);
    this.work = new TaskSet((error) => options.log('error', `strategy stop after an error failed: ${errorText(error)}`));
  }

  /** Resolves once the stops that errors started have ended. */
  settled(): Promise<void> {
    return this.work.idle();
  }

  definitions(): DefinitionRow[] {
    return definitionRows(this.options.definitions);
  }

  /** Registers the instance at once (so a stop can find it), then starts it under its lock. */
  start(name: string, symbol: string, args: readonly string[]): Promise<StartOutcome> {
    const definition = this.definition(name);
    if (definition === undefined) {
      return Promise.resolve({ ok: false, problem: `no strategy named ${name}; known are ${this.options.definitions.map((d) => d.name).join(', ')}` });
    }
    const id = this.ids.next(definition.name, (taken) => this.instances.has(taken));
    return this.launch({ id, name: definition.name, symbol, args, startedAt: this.options.clock.now() }, definition, false);
  }

  /**
   * Brings back an instance that was running (or paused, or reducing) when the console last
   * stopped: under its old id, so its orders and fills are its own again, and paused, so nothing
   * trades until the trader says `strategy resume`.
   */
  restore(saved: SavedInstance): Promise<StartOutcome> {
    const definition = this.definition(saved.name);
    if (definition === undefined) return Promise.resolve({ ok: false, problem: `${saved.id}: no strategy named ${saved.name} any more; it was not brought back` });
    if (this.instances.has(saved.id)) return Promise.resolve({ ok: false, problem: `${saved.id} is already running` });
    return this.launch(saved, definition, true);
  }

  private launch(saved: SavedInstance, definition: StrategyDefinition, paused: boolean): Promise<StartOutcome> {
    const { id, symbol, args } = saved;
    const runnerArgs = takeRunnerArgs(args);
    if (!runnerArgs.ok) return Promise.resolve(runnerArgs);
    let reading: ReturnType<typeof resolveStrategyParams>;
    try {
      reading = resolveStrategyParams(definition, runnerArgs.rest);
    } catch (error) {
      // A trader's check() is plain code: one that throws refuses the start rather than escaping.
      return Promise.resolve({ ok: false, problem: `${definition.name}: its check of the parameters failed: ${errorText(error)}` });
    }
    if (!reading.ok) return Promise.resolve({ ok: false, problem: `${definition.name}: ${reading.problem}` });
    const instance: Instance = { ...saved, name: definition.name, args: [...args], lock: new Mutex(), closed: false };
    this.instances.set(id, instance);
    return instance.lock.runExclusive(async (): Promise<StartOutcome> => {
      let claim: SymbolClaim;
      try {
        claim = this.options.owners.claim({ id, name: definition.name }, [symbol]);
      } catch (error) {
        return this.abandon(instance, errorText(error));
      }
      if (!claim.ok) return this.abandon(instance, claim.message);
      let runner: StrategyRunner;
      try {
        runner = this.runner(instance, definition, reading.values, runnerArgs, paused);
      } catch (error) {
        // A trader's create() may throw for parameters its defaults never tried.
        this.options.owners.release(id);
        return this.abandon(instance, `${definition.name}: could not be created: ${errorText(error)}`);
      }
      instance.runner = runner;
      this.options.onSymbols?.([symbol]);
      if (this.options.history !== undefined) {
        try {
          runner.warmUp(await this.options.history(symbol, runnerArgs.timeframe, definition.warmUpBars(reading.values)));
        } catch (error) {
          this.options.log('warn', `${id}: no history to warm up from (${errorText(error)}); it trades once its own bars fill its windows`);
        }
      }
      runner.start();
      // Market data and fills reach it only from here: no live bar before its history and onStart.
      instance.started = true;
      const how = paused ? 'brought back paused (strategy resume to trade again)' : 'started';
      this.options.log('info', `${id}: ${definition.name} ${how} on ${symbol} with ${runnerArgs.timeframe.label} bars`);
      this.changed(instance);
      return { ok: true, id };
    });
  }

  /** Stops one instance, or every one with `all`; the reports say what did not stop. */
  async stop(which: string, options: { readonly flatten?: boolean; readonly timeoutMs?: number } = {}): Promise<StopOutcome[]> {
    const targets = which === 'all' ? [...this.instances.values()] : [this.find(which)];
    const stopOptions = { flatten: options.flatten ?? false, timeoutMs: options.timeoutMs ?? STOP_WITHIN_MS };
    const outcomes = await Promise.all(targets.map((instance) => instance.lock.runExclusive(() => this.stopNow(instance, stopOptions))));
    return outcomes.filter((outcome): outcome is StopOutcome => outcome !== undefined);
  }

  pause(id: string): Promise<ControlOutcome> {
    return this.control(id, (runner) => runner.pause());
  }

  resume(id: string): Promise<ControlOutcome> {
    return this.control(id, (runner) => runner.resume());
  }

  /**
   * REDUCING for one instance, or with `all` for every running or paused one, each under its lock
   * (one still starting becomes reducing once started); stopped ones are left as they are.
   */
  async reduce(which: string): Promise<ControlOutcome> {
    if (which.trim().toLowerCase() !== 'all') return this.control(which, (runner) => runner.reduce());
    const problems = await Promise.all(
      [...this.instances.values()].map((instance) =>
        instance.lock.runExclusive(() => {
          const runner = instance.runner;
          if (instance.closed || runner === undefined || (runner.state !== 'running' && runner.state !== 'paused')) return undefined;
          const problem = runner.reduce();
          if (problem === undefined) this.changed(instance);
          return problem;
        }),
      ),
    );
    const refused = problems.filter((problem): problem is string => problem !== undefined);
    return refused.length === 0 ? { ok: true } : { ok: false, problem: `not every strategy became reducing: ${refused.join('; ')}` };
  }

  list(): StrategyRow[] {
    const { executor, slots } = this.options;
    return [...this.instances.values()].flatMap((instance) => {
      const runner = instance.runner;
      if (runner === undefined) return [];
      const figures = runner.figures();
      const pnl = executor.pnl(runner.id);
      const refused = Object.values(figures.refused).reduce((sum, n) => sum + n, 0);
      return [
        {
          id: runner.id,
          name: instance.name,
          symbol: runner.symbol,
          timeframe: runner.timeframe.label,
          limits: runner.limits,
          state: runner.state,
          ...(runner.error !== undefined && { error: runner.error }),
          slotsInUse: slots.holdings(runner.id).length,
          sent: figures.sent,
          refused,
          refusedBy: figures.refused,
          position: executor.position(runner.id, runner.symbol).qty,
          realized: pnl.realized,
          unrealized: pnl.unrealized,
          ...(figures.last !== undefined && { lastSignal: figures.last }),
        },
      ];
    });
  }

  /** Market data for a symbol goes to the instance that owns it. */
  trade(symbol: string, tick: TradeTick): void {
    this.owner(symbol)?.trade(tick);
  }

  quote(symbol: string, tick: QuoteTick): void {
    this.owner(symbol)?.quote(tick);
  }

  /**
   * A fill goes to the instance whose id its client order id carries. A fill of anyone else (the
   * trader, another account session) in a symbol an instance owns is told to that instance's log:
   * the account's position moved under it, though its own stays as its fills left it.
   */
  fill(fill: Fill): void {
    const source = sourceOfClientOrderId(fill.clientOrderId);
    const instance = this.instances.get(source);
    if (instance !== undefined) {
      // Booked to it by the executor either way; its handlers hear it once it is started.
      if (instance.started === true) instance.runner?.fill({ clientOrderId: fill.clientOrderId, side: fill.side, qty: fill.qty, price: fill.price, commission: fill.commission, at: fill.at });
      this.changed(instance);
      return;
    }
    const owner = this.owner(fill.symbol);
    if (owner === undefined) return;
    const own = this.options.executor.position(owner.id, owner.symbol).qty;
    this.options.log('warn', `${owner.id}: a ${source} order ${fill.side === 'buy' ? 'bought' : 'sold'} ${fill.qty.toString()} ${fill.symbol} in the symbol it owns; the account's position changed, its own stays ${own.toString()}`);
  }

  ownerOf(symbol: string): SymbolOwner | undefined {
    return this.options.owners.ownerOf(symbol);
  }

  metrics(): StrategyMetrics {
    const refusedBy: Partial<Record<SignalRefusal, number>> = {};
    const latency: { id: string; signals: number; p50Ms: number; p99Ms: number }[] = [];
    for (const instance of this.instances.values()) {
      const figures = instance.runner?.figures();
      if (figures === undefined) continue;
      for (const [reason, n] of Object.entries(figures.refused) as [SignalRefusal, number][]) refusedBy[reason] = (refusedBy[reason] ?? 0) + n;
      if (figures.latency.count > 0) latency.push({ id: instance.id, signals: figures.latency.count, p50Ms: figures.latency.p50, p99Ms: figures.latency.p99 });
    }
    return { slots: this.options.slots.figures(), refusedBy, latency };
  }

  private owner(symbol: string): StrategyRunner | undefined {
    const owner = this.options.owners.ownerOf(symbol);
    const instance = owner === undefined ? undefined : this.instances.get(owner.id);
    return instance?.started === true ? instance.runner : undefined;
  }

  private find(id: string): Instance {
    const instance = this.instances.get(id.trim().toLowerCase());
    if (instance === undefined) {
      const known = [...this.instances.keys()];
      throw new ValidationError(known.length === 0 ? `no strategy ${id}: none has been started` : `no strategy ${id}; there are ${known.join(', ')}`);
    }
    return instance;
  }

  private async control(id: string, change: (runner: StrategyRunner) => string | undefined): Promise<ControlOutcome> {
    const instance = this.find(id);
    return instance.lock.runExclusive((): ControlOutcome => {
      if (instance.runner === undefined || instance.closed) return { ok: false, problem: `${instance.id} is stopped` };
      const problem = change(instance.runner);
      if (problem !== undefined) return { ok: false, problem };
      this.changed(instance);
      return { ok: true };
    });
  }

  private async stopNow(instance: Instance, options: { flatten: boolean; timeoutMs: number }): Promise<StopOutcome | undefined> {
    if (instance.closed || instance.runner === undefined) return undefined;
    instance.closed = true;
    const report = await instance.runner.stop(options);
    this.options.owners.release(instance.id);
    this.changed(instance);
    const rest = report.unfinished.length === 0 ? 'stopped cleanly' : `stopped; not finished: ${report.unfinished.join('; ')}`;
    this.options.log(report.unfinished.length === 0 ? 'info' : 'warn', `${instance.id}: ${rest}`);
    return { id: instance.id, report };
  }

  /** A handler threw: the instance stops as a stop would (no flatten), and the others go on. */
  private async stopAfterError(instance: Instance): Promise<void> {
    await instance.lock.runExclusive(() => this.stopNow(instance, { flatten: false, timeoutMs: STOP_WITHIN_MS }));
  }

  private runner(instance: Instance, definition: StrategyDefinition, params: ParamValues<ParamSchema>, args: Extract<RunnerArgs, { ok: true }>, paused: boolean): StrategyRunner {
    const { id, symbol } = instance;
    return new StrategyRunner({
      id,
      definition,
      params,
      symbol,
      timeframe: args.timeframe,
      limits: args.limits,
      executor: this.options.executor,
      slots: this.options.slots,
      clock: this.options.clock,
      log: this.options.log,
      paused,
      ...(this.options.slowHandlerMs !== undefined && { slowHandlerMs: this.options.slowHandlerMs }),
      ...(this.options.stopwatch !== undefined && { stopwatch: this.options.stopwatch }),
      onError: () => this.work.track(this.stopAfterError(instance)),
    });
  }

  private definition(name: string): StrategyDefinition | undefined {
    return this.options.definitions.find((d) => d.name === name.trim().toLowerCase());
  }

  private changed(instance: Instance): void {
    const runner = instance.runner;
    if (runner === undefined || this.options.onChange === undefined) return;
    const { id, name, symbol, args, startedAt } = instance;
    this.options.onChange({
      id,
      name,
      symbol,
      args,
      startedAt,
      state: runner.state,
      ...(runner.error !== undefined && { error: runner.error }),
      position: this.options.executor.position(id, symbol).qty,
      realized: this.options.executor.pnl(id).realized,
    });
  }

  private abandon(instance: Instance, problem: string): StartOutcome {
    instance.closed = true;
    this.instances.delete(instance.id);
    return { ok: false, problem };
  }
}
