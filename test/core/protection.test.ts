import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import type { Order } from '../../src/domain/order.js';
import { isTerminal } from '../../src/domain/order-state.js';
import { startSimEngine, type SimEngine } from '../support/sim-engine.js';

let harness: SimEngine;

afterEach(() => harness.stop());

const legs = (role: Order['role']): Order[] => harness.engine.orders().filter((o) => o.role === role);
const working = (role: Order['role']): Order[] => legs(role).filter((o) => !isTerminal(o.status));
const remaining = (o: Order | undefined): string => (o === undefined ? 'none' : (o.qty ?? dec(0)).minus(o.filledQty).toString());

async function enter(askSize: string): Promise<void> {
  harness = await startSimEngine();
  harness.sim.setQuote('AAPL', { bid: dec('187.40'), ask: dec('187.44'), last: dec('187.42'), bidSize: dec(500), askSize: dec(askSize) });
  await harness.engine.place(
    { symbol: 'AAPL', side: 'buy', type: 'limit', timeInForce: 'day', qty: dec(10), limitPrice: dec('187.50') },
    { takeProfit: dec('195'), stopLoss: dec('182') },
  );
  await harness.advance(300);
}

describe('protective orders', () => {
  it('places a target and a stop sized to the filled entry', async () => {
    await enter('500');
    const [target] = working('take_profit');
    const [stop] = working('stop_loss');
    expect(target).toMatchObject({ side: 'sell', type: 'limit', timeInForce: 'gtc' });
    expect(target?.limitPrice?.toString()).toBe('195');
    expect(stop).toMatchObject({ side: 'sell', type: 'stop', timeInForce: 'gtc' });
    expect(stop?.stopPrice?.toString()).toBe('182');
    expect(remaining(target)).toBe('10');
    expect(remaining(stop)).toBe('10');
  });

  it('resizes both legs on every partial fill of the entry', async () => {
    await enter('4');
    expect(remaining(working('take_profit')[0])).toBe('4');
    expect(remaining(working('stop_loss')[0])).toBe('4');
    harness.sim.setQuote('AAPL', { askSize: dec(3) });
    await harness.advance(500);
    expect(remaining(working('take_profit')[0])).toBe('7');
    expect(remaining(working('stop_loss')[0])).toBe('7');
    harness.sim.setQuote('AAPL', { askSize: dec(100) });
    await harness.advance(500);
    expect(remaining(working('take_profit')[0])).toBe('10');
    expect(remaining(working('stop_loss')[0])).toBe('10');
    expect(working('take_profit')).toHaveLength(1);
    expect(working('stop_loss')).toHaveLength(1);
  });

  it('cancels the stop when the target fills (one-cancels-other)', async () => {
    await enter('500');
    harness.sim.setQuote('AAPL', { bid: dec('196'), ask: dec('196.05'), last: dec('196'), bidSize: dec(500) });
    await harness.advance(500);
    expect(legs('take_profit')[0]?.status).toBe('filled');
    expect(working('stop_loss')).toHaveLength(0);
    expect(legs('stop_loss').every((o) => o.status === 'canceled')).toBe(true);
    expect(harness.engine.portfolio().positions.AAPL?.qty.isZero()).toBe(true);
  });

  it('cancels both legs when the position is flattened by hand', async () => {
    await enter('500');
    // The stop and target are working orders of AAPL too: flatten cancels them and sells at market.
    await harness.engine.flatten('AAPL');
    await harness.advance(500);
    expect(working('take_profit')).toHaveLength(0);
    expect(working('stop_loss')).toHaveLength(0);
    expect(harness.engine.portfolio().positions.AAPL?.qty.isZero()).toBe(true);
    expect(harness.sim.ledger().positions.AAPL?.qty.isZero() ?? true).toBe(true);
  });
});
