import { describe, expect, it } from 'vitest';
import type { BrokerAccount, BrokerOrder, BrokerPosition } from '../../src/broker/port.js';
import type { BrokerGateway } from '../../src/core/broker-gateway.js';
import { readOpening } from '../../src/core/opening-read.js';
import { dec } from '../../src/domain/decimal.js';

function working(filled: string): BrokerOrder {
  const at = '2026-12-02T15:00:00Z';
  return {
    id: 'o-1',
    clientOrderId: 'elsewhere',
    orderClass: 'simple',
    symbol: 'AAPL',
    side: 'buy',
    type: 'limit',
    timeInForce: 'gtc',
    qty: dec(10),
    limitPrice: dec(100),
    status: filled === '0' ? 'new' : 'partially_filled',
    filledQty: dec(filled),
    createdAt: at,
    updatedAt: at,
    submittedAt: at,
  };
}

/** An account whose GTC order fills 4 more shares during the first read of cash and positions. */
function account() {
  let filled = '2';
  const reads: string[] = [];
  const gateway = {
    listOrders: async () => {
      reads.push('orders');
      return [working(filled)];
    },
    getPositions: async (): Promise<BrokerPosition[]> => {
      reads.push('positions');
      const position = { symbol: 'AAPL', qty: dec(filled), avgEntryPrice: dec(100) };
      if (reads.filter((r) => r === 'positions').length === 1) filled = '6';
      return [position];
    },
    getAccount: async (): Promise<BrokerAccount> => {
      reads.push('account');
      const cash = dec(100_000).minus(dec(filled).times(100));
      return { cash, equity: dec(100_000), buyingPower: cash, lastEquity: dec(100_000), currency: 'USD' };
    },
  } as unknown as BrokerGateway;
  return { gateway, reads };
}

describe('reading the account for new books', () => {
  it('reads again when a working order filled between its reads, so cash, positions and the order agree', async () => {
    const { gateway, reads } = account();
    const opening = await readOpening(gateway);
    expect(reads.filter((r) => r === 'orders')).toHaveLength(4);
    expect(opening.holdings.map((h) => [h.symbol, h.qty.toString()])).toEqual([['AAPL', '6']]);
    expect(opening.working.map((o) => o.filledQty.toString())).toEqual(['6']);
    expect(opening.account.cash.toString()).toBe('99400');
  });
});
