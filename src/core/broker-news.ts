import type { DetectionMethod } from '../domain/fill.js';
import type { Order } from '../domain/order.js';
import type { BrokerOrder, ConnectionState, TradeUpdate } from '../broker/port.js';
import type { BrokerGateway } from './broker-gateway.js';
import type { BrokerStatus } from './broker-status.js';
import type { Clock } from '../kernel/clock.js';
import type { FillReactions } from './fill-reactions.js';
import type { KeyedQueue } from './keyed-queue.js';
import { linkedLeg, resizedByExchange } from './order-legs.js';
import type { OrderTracker } from './order-tracker.js';
import type { OrderWatch } from './order-watch.js';
import type { Protection } from './protection.js';
import type { ResyncGate } from './resync-gate.js';
import type { TaskSet } from './task-set.js';
import { newsFromBrokerOrder, newsFromTradeUpdate, type OrderNews } from './trade-update-mapper.js';
import type { TraderLog } from './trader-log.js';

export interface BrokerNewsDeps {
  readonly tracker: OrderTracker;
  readonly log: TraderLog;
  readonly lanes: KeyedQueue;
  readonly tasks: TaskSet;
  readonly clock: Clock;
  readonly gateway: BrokerGateway;
  readonly status: BrokerStatus;
  /** Made after this object; read at the first piece of news. */
  readonly reactions: () => FillReactions;
  readonly protection: () => Protection;
  readonly orderWatch: () => OrderWatch;
  readonly resync: () => ResyncGate;
  /** How often working orders are polled while the stream is down (for the log line). */
  readonly unhealthyPollMs: number;
}

/** How often fills may refresh the account at most (the periodic refresh goes on besides). */
const ACCOUNT_REFRESH_GAP_MS = 1_000;

/**
 * Where every piece of broker news lands — a trade update, a polled or reconciled snapshot, a change
 * of connection — and what follows it: the fill's reactions, the protective orders, the order's
 * watch, a refresh of the account (buying power moves with every fill), a resync after the stream
 * comes back.
 */
export class BrokerNews {
  /** Resolves once the opening account is known; updates that come earlier wait in their lanes. */
  private opening: Promise<void> = Promise.resolve();
  /** Set once `opening` has resolved: updates may then be applied as they arrive. */
  private opened = false;
  private accountRefresh: 'idle' | 'running' | 'again' = 'idle';
  /** Whether the stream has been healthy once: its first time is a connection, not a return. */
  private streamed = false;
  private cancelRefreshTimer: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly deps: BrokerNewsDeps) {}

  /** Holds updates back until the returned function is called. */
  holdUntilOpen(): () => void {
    let open!: () => void;
    this.opening = new Promise((resolve) => {
      open = resolve;
    });
    return () => {
      open();
      this.opened = true;
    };
  }

  stop(): void {
    this.stopped = true;
    this.cancelRefreshTimer?.();
    this.cancelRefreshTimer = undefined;
  }

  onTradeUpdate(update: TradeUpdate): void {
    const { lanes, tasks } = this.deps;
    const apply = (): void => {
      // An order that had finished before the books opened: its fills are in the opening balances.
      if (!this.deps.tracker.isHistory(update.order)) this.apply(update.order, newsFromTradeUpdate(update), 'stream');
    };
    if (!this.opened) {
      tasks.track(
        lanes.run(update.order.symbol, async () => {
          await this.opening;
          apply();
        }),
      );
      return;
    }
    const queued = lanes.runNowIfIdle(update.order.symbol, apply);
    if (queued !== undefined) tasks.track(queued);
  }

  onConnectionChange(state: ConnectionState): void {
    const { status, log } = this.deps;
    const wasStreaming = status.streamHealthy();
    this.streamed ||= wasStreaming;
    status.setConnection(state);
    this.deps.orderWatch().streamChanged();
    if (state.stream !== 'ok' && wasStreaming) log.write('warn', `trade-update stream ${state.stream}: polling working orders every ${this.deps.unhealthyPollMs} ms`);
    if (state.stream === 'ok' && !wasStreaming) {
      log.write('info', this.streamed ? 'trade-update stream back: reconciling' : 'trade-update stream connected: reconciling');
      this.streamed = true;
      // Not before the books are open: a reconciliation then would not know which orders predate them.
      void this.opening.then(() => {
        if (!this.stopped) return this.deps.resync().start('reconnect');
      });
    }
  }

  applySnapshot(brokerOrder: BrokerOrder, method: DetectionMethod): Order {
    return this.apply(brokerOrder, newsFromBrokerOrder(brokerOrder, method, this.deps.clock.now()), method);
  }

  /** A fill read from the account's activities; `brokerOrder` is its order as the activity shows it. */
  applyFill(brokerOrder: BrokerOrder, news: OrderNews): Order {
    return this.apply(brokerOrder, news, 'poll');
  }

  async refreshAccount(): Promise<void> {
    if (this.stopped) return;
    this.deps.status.setAccount(await this.deps.gateway.getAccount());
  }

  /**
   * Applies news of one order, then the legs nested in it (a bracket's, an oco's or an oto's), each
   * its own local order: a leg heard of for the first time becomes a row linked to its parent,
   * and is watched like any working order. `legsSeenBy` is how the legs' snapshots were had.
   */
  private apply(brokerOrder: BrokerOrder, news: OrderNews, legsSeenBy: DetectionMethod): Order {
    const { tracker } = this.deps;
    const known = tracker.book.byClientOrderId(brokerOrder.clientOrderId) ?? tracker.book.byBrokerOrderId(brokerOrder.id);
    const local = known === undefined ? tracker.adopt(brokerOrder) : this.put(known, resizedByExchange(known, brokerOrder));
    const parent = this.settle(known ?? local, local, news, brokerOrder);
    if (local !== parent) this.deps.orderWatch().changed(parent);
    for (const leg of brokerOrder.legs ?? []) {
      const link = { order: parent, orderClass: brokerOrder.orderClass };
      const knownLeg = tracker.book.byClientOrderId(leg.clientOrderId) ?? tracker.book.byBrokerOrderId(leg.id);
      const localLeg = knownLeg === undefined ? tracker.adoptLeg(leg, link) : this.put(knownLeg, linkedLeg(knownLeg, leg, link));
      const now = this.settle(knownLeg ?? localLeg, localLeg, newsFromBrokerOrder(leg, legsSeenBy, this.deps.clock.now()), leg);
      this.deps.orderWatch().changed(now);
    }
    return parent;
  }

  /** Books the news and lets what follows from it happen; `before` is the order as it was before any of it. */
  private settle(before: Order, local: Order, news: OrderNews, brokerOrder: BrokerOrder): Order {
    const applied = this.deps.tracker.apply(local, news, brokerOrder);
    this.deps.reactions().after(before, applied);
    this.deps.protection().after(before, applied.order);
    if (applied.fill !== undefined) this.requestAccountRefresh();
    return applied.order;
  }

  private put(before: Order, after: Order): Order {
    return after === before ? before : this.deps.tracker.put(after);
  }

  /**
   * One refresh at a time, however many fills arrive meanwhile, and the next no sooner than
   * ACCOUNT_REFRESH_GAP_MS after the last began: a burst of fills (a batch the poller found) costs
   * one read of the account, not one per fill, out of the same budget as the polls.
   */
  private requestAccountRefresh(): void {
    if (this.accountRefresh !== 'idle') {
      this.accountRefresh = 'again';
      return;
    }
    this.accountRefresh = 'running';
    const startedAt = this.deps.clock.now();
    this.deps.tasks.track(
      this.refreshAccount().finally(() => {
        const again = this.accountRefresh === 'again';
        this.accountRefresh = 'idle';
        if (!again || this.stopped) return;
        const wait = startedAt + ACCOUNT_REFRESH_GAP_MS - this.deps.clock.now();
        if (wait <= 0) {
          this.requestAccountRefresh();
          return;
        }
        this.accountRefresh = 'again';
        this.cancelRefreshTimer = this.deps.clock.setTimer(() => {
          this.cancelRefreshTimer = undefined;
          this.accountRefresh = 'idle';
          this.requestAccountRefresh();
        }, wait);
      }),
    );
  }
}
