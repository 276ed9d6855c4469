import { checkOrderSource } from '../domain/client-order-id.js';
import type { Decimal } from '../domain/decimal.js';
import type { Clock } from '../kernel/clock.js';
import { errorText } from '../core/error-text.js';
import { LatencyHistogram, type HistogramSummary } from '../core/metrics.js';
import type { Bar } from '../domain/bar.js';
import { BarBuilder, type QuoteTick, type TradeTick } from './bar-builder.js';
import { BarHistory } from './bar-history.js';
import type { Executor, OrderEnd } from './executor.js';
import { legSpec, planIntent, reduces, type OrderLeg, type PlanRefusal, type PositionIntent } from './order-plan.js';
import type { ParamSchema, ParamValues } from './params.js';
import type { SignalSlots, SlotHolding, SlotRefusalReason } from './signal-slots.js';
import { checkSourceLimits, DEFAULT_SOURCE_LIMITS, inWindow, type SourceLimits } from './source-limits.js';
import {
  checkIntent,
  intentsOf,
  type Intents,
  type StrategyContext,
  type StrategyDefinition,
  type StrategyFill,
  type StrategyHandlers,
  type StrategyIntent,
} from './strategy.js';
import type { Timeframe } from './timeframe.js';
import { settlesWithin, TrackedWork } from './tracked-work.js';

export type RunnerState = 'running' | 'paused' | 'reducing' | 'stopped' | 'error';

/** Why a signal sent no order. */
export type SignalRefusal = SlotRefusalReason | PlanRefusal | 'invalid_intent' | 'reducing' | 'limit' | 'place_failed';

export type RunnerLogLevel = 'info' | 'warn' | 'error';

/** A handler that runs longer than this is reported: live bars wait on it, and a backtest multiplies it. */
export const SLOW_HANDLER_MS = 50;

export interface StrategyRunnerOptions {
  /** The instance id, carried in its orders' client order ids as their source. */
  readonly id: string;
  readonly definition: StrategyDefinition;
  readonly params: ParamValues<ParamSchema>;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly executor: Executor;
  readonly slots: SignalSlots;
  /** Its own max position, max notional and orders a minute (default DEFAULT_SOURCE_LIMITS). */
  readonly limits?: SourceLimits;
  readonly clock: Clock;
  readonly log: (level: RunnerLogLevel, text: string) => void;
  readonly slowHandlerMs?: number;
  /** Milliseconds from a monotonic source, to time handlers (default performance.now). */
  readonly stopwatch?: () => number;
  /** Told once when a handler throws and the runner has stopped trading. */
  readonly onError?: (message: string) => void;
  /** Starts paused (an instance brought back after a restart waits for `strategy resume`). */
  readonly paused?: boolean;
}

export interface StopOptions {
  /** Close the runner's own position with one order once its working orders are canceled. */
  readonly flatten?: boolean;
  /** How long the stop waits for cancels, the closing order and tracked work. */
  readonly timeoutMs: number;
}

export interface StopReport {
  readonly canceled: readonly string[];
  readonly flattenedBy?: string;
  readonly releasedSlots: readonly SlotHolding[];
  /** What did not stop within the bound, one line each; empty on a clean stop. */
  readonly unfinished: readonly string[];
}

export interface LastSignal {
  readonly at: number;
  readonly text: string;
}

export interface RunnerFigures {
  readonly sent: number;
  /** From a signal taking its slot to its first order accepted into the core's book. */
  readonly latency: HistogramSummary;
  readonly refused: Readonly<Partial<Record<SignalRefusal, number>>>;
  readonly last?: LastSignal;
}

/**
 * One running strategy instance on one symbol. Handlers run synchronously on its bars and fills;
 * each intent becomes at most one order at a time, under a signal slot held until the order (or,
 * for a reversal, the close and then the new side) has ended. Every promise it starts is tracked,
 * so a stop can wait for them and say what did not end.
 */
export class StrategyRunner {
  readonly id: string;
  readonly definition: StrategyDefinition;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly limits: SourceLimits;
  private readonly options: StrategyRunnerOptions;
  private readonly handlers: StrategyHandlers;
  private readonly history = new BarHistory();
  private readonly builder: BarBuilder;
  private readonly work: TrackedWork;
  private readonly context: StrategyContext;
  private readonly stopwatch: () => number;
  private readonly cancelAsked = new Set<string>();
  private current: RunnerState = 'running';
  private problem: string | undefined;
  private stopping = false;
  private sent = 0;
  private readonly refused: Partial<Record<SignalRefusal, number>> = {};
  private last: LastSignal | undefined;
  /** When its orders of the last minute were sent, oldest first. */
  private sentAt: number[] = [];
  private readonly latency = new LatencyHistogram();

  constructor(options: StrategyRunnerOptions) {
    checkOrderSource(options.id);
    this.options = options;
    this.id = options.id;
    this.definition = options.definition;
    this.symbol = options.symbol;
    this.timeframe = options.timeframe;
    this.limits = options.limits ?? DEFAULT_SOURCE_LIMITS;
    this.stopwatch = options.stopwatch ?? (() => performance.now());
    if (options.paused === true) this.current = 'paused';
    this.work = new TrackedWork((error) => this.say('error', `background work failed: ${errorText(error)}`));
    this.handlers = options.definition.create(options.params);
    this.builder = new BarBuilder({ timeframe: options.timeframe, clock: options.clock, onBar: (bar) => this.bar(bar) });
    this.context = this.makeContext();
  }

  get state(): RunnerState {
    return this.current;
  }

  /** The handler's exception that stopped it, when the state is `error`. */
  get error(): string | undefined {
    return this.problem;
  }

  figures(): RunnerFigures {
    return { sent: this.sent, latency: this.latency.summary(), refused: { ...this.refused }, ...(this.last !== undefined && { last: this.last }) };
  }

  /** History before the first live bar, so indicators are ready when trading starts. */
  warmUp(bars: readonly Bar[]): void {
    this.history.warmUp(bars);
  }

  start(): void {
    this.call('onStart', () => this.handlers.onStart?.(this.context));
  }

  trade(tick: TradeTick): void {
    this.builder.trade(tick);
  }

  quote(tick: QuoteTick): void {
    this.builder.quote(tick);
  }

  /** A closed bar: kept while paused (so indices stay true), acted on only while trading. */
  bar(bar: Bar): void {
    if (this.stopping) return;
    try {
      this.history.append(bar);
    } catch (error) {
      this.say('warn', `bar skipped: ${errorText(error)}`);
      return;
    }
    if (this.trading()) this.call('onBar', () => this.handlers.onBar(this.context));
  }

  /** One of its own orders filled (in part): the strategy hears of it while trading. */
  fill(fill: StrategyFill): void {
    if (this.trading()) this.call('onFill', () => this.handlers.onFill?.(fill, this.context));
  }

  pause(): string | undefined {
    return this.move('paused', ['running', 'reducing']);
  }

  resume(): string | undefined {
    return this.move('running', ['paused', 'reducing']);
  }

  /** Only intents that take risk off pass until resumed. */
  reduce(): string | undefined {
    return this.move('reducing', ['running', 'paused']);
  }

  /**
   * Refuses new signals at once, cancels its working orders, closes its position when asked, waits
   * for its tracked work within the bound and frees its slots. A runner that failed stays `error`.
   */
  async stop({ flatten = false, timeoutMs }: StopOptions): Promise<StopReport> {
    if (this.stopping) return { canceled: [], releasedSlots: [], unfinished: [] };
    this.stopping = true;
    this.builder.stop();
    const { clock, executor } = this.options;
    const deadline = clock.now() + timeoutMs;
    const left = (): number => Math.max(0, deadline - clock.now());
    if (this.current !== 'error') this.call('onStop', () => void this.handlers.onStop?.(this.context));
    const unfinished: string[] = [];
    const canceled = await this.cancelWorking(unfinished);
    let flattenedBy: string | undefined;
    if (flatten) {
      const cancelsLanded = await settlesWithin(Promise.all(canceled.map((id) => executor.whenDone(id))), left(), clock);
      if (cancelsLanded) flattenedBy = await this.flatten(unfinished);
      else unfinished.push(`position not closed: the cancels of ${canceled.join(', ')} did not land within ${timeoutMs} ms`);
    }
    if (!(await this.work.idleWithin(left(), clock))) {
      for (const label of this.work.running()) unfinished.push(`${label} still running after ${timeoutMs} ms`);
    }
    for (const order of executor.working(this.id, this.symbol)) unfinished.push(`order ${order.clientOrderId} still working`);
    const releasedSlots = this.options.slots.releaseAll(this.id);
    if (this.current !== 'error') this.current = 'stopped';
    return { canceled, ...(flattenedBy !== undefined && { flattenedBy }), releasedSlots, unfinished };
  }

  private trading(): boolean {
    return !this.stopping && (this.current === 'running' || this.current === 'reducing');
  }

  private move(to: RunnerState, from: readonly RunnerState[]): string | undefined {
    if (this.stopping || !from.includes(this.current)) {
      return `${this.id} is ${this.stopping && this.current !== 'error' ? 'stopping' : this.current}; only a ${from.join(' or ')} strategy can be made ${to}`;
    }
    this.current = to;
    this.say('info', `now ${to}`);
    return undefined;
  }

  private call(handler: string, run: () => Intents): void {
    const started = this.stopwatch();
    let answer: Intents;
    try {
      answer = run();
    } catch (error) {
      this.fail(`${handler} threw: ${errorText(error)}`);
      return;
    }
    const took = this.stopwatch() - started;
    const bound = this.options.slowHandlerMs ?? SLOW_HANDLER_MS;
    if (took > bound) this.say('warn', `${handler} took ${Math.round(took)} ms, over the ${bound} ms a handler should take`);
    if (this.stopping) return;
    for (const intent of intentsOf(answer)) this.act(intent);
  }

  private fail(message: string): void {
    this.problem = message;
    this.current = 'error';
    this.say('error', `stopped: ${message}`);
    this.options.onError?.(message);
  }

  private act(intent: StrategyIntent): void {
    if (!this.trading()) return;
    const problem = checkIntent(intent);
    if (problem !== undefined) return this.refuse('invalid_intent', problem);
    if (intent.kind === 'cancel') return this.cancelAsk(intent.clientOrderId, intent.reason);
    this.signal(intent);
  }

  private signal(intent: PositionIntent): void {
    const { executor, slots, clock } = this.options;
    const position = executor.position(this.id, this.symbol).qty;
    const price = executor.price(this.symbol);
    const plan = planIntent(intent, position, { cash: executor.cash(), price });
    const text = describe(intent);
    if (!plan.ok) return this.refuse(plan.reason, `${text}: ${plan.message}`);
    if (plan.legs.length === 0) return this.say('info', `${text}: already there (${position.toString()}), nothing sent`);
    if (this.current === 'reducing' && !reduces(position, plan.target)) {
      return this.refuse('reducing', `${text}: reducing only, and ${position.toString()} → ${plan.target.toString()} does not reduce`);
    }
    // Checked before the slot, so a signal over its limits never holds one; its single slot keeps
    // the orders counted here from being raced by another signal of this runner before they are sent.
    const limits = checkSourceLimits({ symbol: this.symbol, position, target: plan.target, legs: plan.legs, price }, this.limits, this.sentAt, clock.now());
    if (!limits.ok) return this.refuse('limit', `${text}: ${limits.message}`);
    const taken = slots.take(this.id, this.symbol, intent.reason);
    if (!taken.ok) return this.refuse(taken.reason, `${text}: ${taken.message}`);
    this.last = { at: clock.now(), text };
    const done = this.execute(plan.legs, text, this.stopwatch());
    taken.lease.holdUntil(done);
    this.work.track(`signal ${text}`, done);
  }

  /** Sends the legs one after the other, each once the one before has filled. */
  private async execute(legs: readonly OrderLeg[], text: string, signalled: number): Promise<OrderEnd | 'stopped'> {
    const { executor } = this.options;
    let first = true;
    let previous: string | undefined;
    for (const leg of legs) {
      if (this.stopping) return 'stopped';
      const spec = legSpec(this.symbol, leg);
      let clientOrderId: string;
      try {
        ({ clientOrderId } = await executor.place(spec, { source: this.id, ...(previous !== undefined && { after: previous }) }));
      } catch (error) {
        this.refuse('place_failed', `${text}: ${leg.side} ${leg.qty.toString()} refused: ${errorText(error)}`);
        return 'rejected';
      }
      const now = this.options.clock.now();
      this.sentAt = [...inWindow(this.sentAt, now), now];
      if (first) {
        this.sent++;
        this.latency.record(this.stopwatch() - signalled);
      }
      first = false;
      previous = clientOrderId;
      this.say('info', `${text}: ${leg.side} ${leg.qty.toString()} ${this.symbol} sent as ${clientOrderId}`);
      // A stop that looked at the working orders before this one was booked has not canceled it.
      if (this.stopping) await this.cancelOne(clientOrderId);
      const end = await executor.whenDone(clientOrderId);
      if (end !== 'filled') {
        this.say('info', `${text}: ${clientOrderId} ended ${end}`);
        return end;
      }
    }
    return 'filled';
  }

  private cancelAsk(clientOrderId: string | undefined, reason: string): void {
    const mine = this.options.executor.working(this.id, this.symbol).map((order) => order.clientOrderId);
    const targets = clientOrderId === undefined ? mine : mine.filter((id) => id === clientOrderId);
    if (targets.length === 0) return this.say('info', `cancel (${reason}): ${clientOrderId ?? 'no order'} is not working, nothing sent`);
    for (const id of targets) this.work.track(`cancel ${id}`, this.cancelOne(id));
  }

  private async cancelWorking(unfinished: string[]): Promise<string[]> {
    const ids = this.options.executor.working(this.id, this.symbol).map((order) => order.clientOrderId);
    const outcomes = await Promise.allSettled(ids.map((id) => this.cancelOne(id)));
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'rejected') unfinished.push(`cancel of ${ids[i] as string} failed: ${errorText(outcome.reason)}`);
    });
    return ids;
  }

  /** Each order is asked to cancel once, whichever of a stop and an in-flight signal gets there first. */
  private async cancelOne(clientOrderId: string): Promise<void> {
    if (this.cancelAsked.has(clientOrderId)) return;
    this.cancelAsked.add(clientOrderId);
    await this.options.executor.cancel(clientOrderId);
  }

  private async flatten(unfinished: string[]): Promise<string | undefined> {
    const { executor } = this.options;
    const qty = executor.position(this.id, this.symbol).qty;
    if (qty.isZero()) return undefined;
    const spec = legSpec(this.symbol, { side: qty.isNeg() ? 'buy' : 'sell', qty: qty.abs() });
    try {
      const { clientOrderId } = await executor.place(spec, { source: this.id });
      this.say('info', `flatten: ${spec.side} ${spec.qty?.toString()} ${this.symbol} sent as ${clientOrderId}`);
      this.work.track(`flatten ${clientOrderId}`, executor.whenDone(clientOrderId));
      return clientOrderId;
    } catch (error) {
      unfinished.push(`position of ${qty.toString()} not closed: ${errorText(error)}`);
      return undefined;
    }
  }

  private refuse(reason: SignalRefusal, text: string): void {
    this.refused[reason] = (this.refused[reason] ?? 0) + 1;
    this.say('warn', `signal refused: ${text}`);
  }

  private say(level: RunnerLogLevel, text: string): void {
    this.options.log(level, `${this.id}: ${text}`);
  }

  private makeContext(): StrategyContext {
    const { executor, clock } = this.options;
    const { id, symbol } = this;
    return {
      symbol,
      bars: this.history,
      get position() {
        return executor.position(id, symbol);
      },
      get workingOrders() {
        return executor.working(id, symbol);
      },
      get cash(): Decimal {
        return executor.cash();
      },
      now: () => clock.now(),
      log: { info: (text) => this.say('info', text), warn: (text) => this.say('warn', text) },
    };
  }
}

function describe(intent: PositionIntent): string {
  const priced = intent.kind === 'buy' || intent.kind === 'sell' ? `${intent.stop === undefined ? '' : ` stop ${intent.stop}`}${intent.limit === undefined ? '' : ` @ ${intent.limit}`}` : '';
  const what = intent.kind === 'close' ? 'close' : intent.kind === 'target' ? `target ${intent.direction} ${intent.size}` : `${intent.kind} ${intent.size}${priced}`;
  return `${what} (${intent.reason})`;
}
