import { describe, expect, it } from 'vitest';
import { createClientOrderIdFactory } from '../../src/domain/client-order-id.js';
import { dec } from '../../src/domain/decimal.js';
import type { Fill } from '../../src/domain/fill.js';
import { SourcePositions } from '../../src/domain/source-positions.js';

const newId = createClientOrderIdFactory(() => Date.parse('2026-12-02T15:00:00Z'));
let executions = 0;

function fill(clientOrderId: string, side: 'buy' | 'sell', qty: number, price: string, commission = '0'): Fill {
  executions += 1;
  return { executionId: `x${executions}`, clientOrderId, orderSeq: executions, symbol: 'AAPL', side, qty: dec(qty), price: dec(price), commission: dec(commission), at: executions };
}

describe("each source's own positions", () => {
  it('books every fill to the source its client order id names, so a strategy is judged by its own trades', () => {
    const sma = newId('sma1');
    const manual = newId();
    const ledger = SourcePositions.fromFills([
      fill(sma, 'buy', 10, '100.00', '1'),
      fill(manual, 'buy', 5, '101.00'),
      fill(newId('sma1'), 'sell', 10, '103.50', '1'),
      fill('web-order-7', 'buy', 2, '99.00'),
    ]);
    expect(ledger.sources().sort()).toEqual(['external', 'manual', 'sma1']);
    expect(ledger.position('sma1', 'AAPL').qty.toString()).toBe('0');
    // 10 × 3.50 made, 2 paid in commission.
    expect(ledger.realized('sma1').toString()).toBe('33');
    expect(ledger.position('manual', 'AAPL').qty.toString()).toBe('5');
    expect(ledger.unrealized('manual', () => dec('102.00'))?.toString()).toBe('5');
    expect(ledger.position('external', 'AAPL').qty.toString()).toBe('2');
  });

  it('cannot price an open position without a mark, and a source with no fills is flat', () => {
    const ledger = SourcePositions.fromFills([fill(newId('brk2'), 'sell', 3, '50.00')]);
    expect(ledger.position('brk2', 'AAPL').qty.toString()).toBe('-3');
    expect(ledger.unrealized('brk2', () => undefined)).toBeUndefined();
    expect(ledger.unrealized('brk2', () => dec('49'))?.toString()).toBe('3');
    expect(ledger.realized('nobody').toString()).toBe('0');
    expect(ledger.position('nobody', 'AAPL').qty.toString()).toBe('0');
  });
});
