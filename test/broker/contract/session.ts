import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { dec, type Decimal } from '../../../src/domain/decimal.js';
import { BrokerError } from '../../../src/broker/errors.js';
import type { BrokerOrder, SubmitOrderRequest, TradeUpdate, TradeUpdateEvent, Unsubscribe } from '../../../src/broker/port.js';
import type { ContractDriver, ContractSubject } from './contract.js';

export const SYMBOL = 'AAPL';
export const OTHER_SYMBOL = 'MSFT';
export const UNKNOWN_SYMBOL = 'ZZZZZ';

/** Where each case starts: AAPL 100.00 x 100.02, MSFT 400.00 x 400.04, 500 shares a side. */
const OPENING: readonly (readonly [string, string, string])[] = [
  [SYMBOL, '100.00', '100.02'],
  [OTHER_SYMBOL, '400.00', '400.04'],
];

export type OrderRequest = Partial<SubmitOrderRequest> & Pick<SubmitOrderRequest, 'side'>;

export interface QuoteExtras {
  readonly last?: string;
  readonly bidSize?: string;
  readonly askSize?: string;
}

/** One case's subject, every trade update it has sent, and the shorthands the cases share. */
export class ContractSession {
  readonly updates: TradeUpdate[] = [];
  private readonly unsubscribe: Unsubscribe;

  private constructor(private readonly subject: ContractSubject) {
    this.unsubscribe = subject.broker.subscribeTradeUpdates((update) => this.updates.push(update));
  }

  static async open(subject: ContractSubject): Promise<ContractSession> {
    const session = new ContractSession(subject);
    for (const [symbol, bid, ask] of OPENING) await session.quote(symbol, bid, ask);
    return session;
  }

  get broker(): ContractSubject['broker'] {
    return this.subject.broker;
  }

  get driver(): ContractDriver {
    return this.subject.driver;
  }

  /** A client order id no broker has seen: Alpaca wants them unique forever, and at most 48 characters. */
  clientOrderId(): string {
    return `contract-${randomUUID()}`;
  }

  /** An AAPL market day order unless the request says otherwise. */
  submit(request: OrderRequest): Promise<BrokerOrder> {
    return this.broker.submitOrder({ symbol: SYMBOL, type: 'market', timeInForce: 'day', clientOrderId: this.clientOrderId(), ...request });
  }

  /** Buys `qty` AAPL at the market and waits for the fill: a long position to work with. */
  async hold(qty: number): Promise<BrokerOrder> {
    const order = await this.submit({ side: 'buy', qty: dec(qty) });
    await this.settle();
    expect((await this.broker.getOrder(order.id)).status).toBe('filled');
    return order;
  }

  /** The last price is the bid unless given; sizes are 500 unless given. */
  quote(symbol: string, bid: string, ask: string, extras: QuoteExtras = {}): Promise<void> {
    return this.driver.setQuote(symbol, {
      bid: dec(bid),
      ask: dec(ask),
      last: dec(extras.last ?? bid),
      bidSize: dec(extras.bidSize ?? '500'),
      askSize: dec(extras.askSize ?? '500'),
    });
  }

  settle(): Promise<void> {
    return this.driver.settle();
  }

  /** The trade updates of one order, as they came. */
  updatesOf(orderId: string): TradeUpdate[] {
    return this.updates.filter((u) => u.order.id === orderId);
  }

  events(orderId: string): TradeUpdateEvent[] {
    return this.updatesOf(orderId).map((u) => u.event);
  }

  /** What a request was refused with; a request the broker accepted fails the case. */
  async refusal(request: Promise<unknown>): Promise<BrokerError> {
    const outcome = await request.then(
      (answer) => ({ answer }),
      (error: unknown) => ({ error }),
    );
    if ('answer' in outcome) throw new Error(`expected a refusal, the broker accepted: ${JSON.stringify(outcome.answer)}`);
    expect(outcome.error).toBeInstanceOf(BrokerError);
    return outcome.error as BrokerError;
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.subject.close();
  }
}

/** Compares a decimal by value and prints both sides when they differ: `99.00` and `99` are equal. */
export function expectDecimal(actual: Decimal | undefined, expected: string): void {
  expect(actual?.toString()).toBe(dec(expected).toString());
}
