import { describe, expect, it } from 'vitest';
import { createFrameBudget } from '../../store/frame-budget.js';

describe('frame budget', () => {
  it('gathers updates for the minimum interval until frames are known to be dear', () => {
    const budget = createFrameBudget(100, 0.1);
    expect(budget.intervalMs()).toBe(100);
    budget.record(5);
    expect(budget.intervalMs()).toBe(100);
    expect(budget.summary()?.count).toBe(1);
  });

  it('stretches the interval so drawing stays within its share of a core, and comes back when frames get cheap', () => {
    const budget = createFrameBudget(100, 0.1);
    for (let i = 0; i < 30; i++) budget.record(30);
    expect(budget.intervalMs()).toBe(300);
    for (let i = 0; i < 30; i++) budget.record(4);
    expect(budget.intervalMs()).toBe(100);
  });

  it('ignores readings that are not times', () => {
    const budget = createFrameBudget(100, 0.1);
    budget.record(Number.NaN);
    budget.record(-3);
    expect(budget.summary()).toBeUndefined();
    expect(budget.intervalMs()).toBe(100);
  });
});
