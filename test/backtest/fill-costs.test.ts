import { describe, expect, it } from 'vitest';
import { affordableShares, fillCosts } from '../../src/backtest/fill-costs.js';
import { percentCommission } from '../../src/domain/costs/commission.js';
import { sizeBasedSlippage } from '../../src/domain/costs/slippage.js';
import { dec } from '../../src/domain/decimal.js';

describe('affordableShares', () => {
  it('finds the most shares whose slipped price and commission the budget covers', () => {
    const costs = fillCosts(sizeBasedSlippage({ bpsPerDisplayedSize: 50, baseBps: 5 }), percentCommission('0.1'));
    const open = dec('25.37');
    const budget = dec('100000');
    const cost = (shares: number) => {
      const price = costs.price('buy', dec(shares), open, 2000);
      return price.times(shares).plus(costs.commission('buy', dec(shares), price));
    };
    const found = affordableShares(costs, 'buy', dec(3941), open, 2000, budget).toNumber();
    expect(cost(found).lte(budget)).toBe(true);
    expect(cost(found + 1).gt(budget)).toBe(true);
  });

  it('keeps the planned shares when they fit', () => {
    const costs = fillCosts(undefined, undefined);
    expect(affordableShares(costs, 'buy', dec(10), dec(10), 0, dec(100)).toString()).toBe('10');
  });
});
