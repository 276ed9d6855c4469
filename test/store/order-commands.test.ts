import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { cancelOrderCommand, flattenCommand, replaceOrderCommand } from '../../store/order-commands.js';
import { parse } from '../../src/command/parse.js';
import { order } from '../components/fixtures.js';

describe('row action commands', () => {
  it('prefills a replace with what prices the order, ready to edit', () => {
    expect(replaceOrderCommand(order({ seq: 12, createdAt: 0 }))).toBe('replace #12 @ 187.00');
    expect(replaceOrderCommand(order({ seq: 3, createdAt: 0, spec: { type: 'stop', limitPrice: undefined, stopPrice: dec('190.5') } }))).toBe('replace #3 stop 190.50');
    expect(replaceOrderCommand(order({ seq: 4, createdAt: 0, spec: { type: 'market', limitPrice: undefined } }))).toBe('replace #4 qty 10');
    // Exactly as typed: no thousands separator to backspace over, no digit rounded away.
    expect(replaceOrderCommand(order({ seq: 5, createdAt: 0, spec: { limitPrice: dec('5000') } }))).toBe('replace #5 @ 5000.00');
    expect(replaceOrderCommand(order({ seq: 6, createdAt: 0, spec: { limitPrice: dec('0.1234') } }))).toBe('replace #6 @ 0.1234');
  });

  it('writes commands the command language reads', () => {
    for (const text of [cancelOrderCommand(order({ seq: 12, createdAt: 0 })), flattenCommand('AAPL'), replaceOrderCommand(order({ seq: 12, createdAt: 0 }))]) {
      expect(parse(text).ok, text).toBe(true);
    }
  });
});
