import { describe, expect, it } from 'vitest';
import { TradingSwitch, type TradingStatus } from '../../src/core/trading-state.js';

function tradingSwitch() {
  const heard: TradingStatus[] = [];
  const subject = new TradingSwitch((status) => heard.push(status));
  return { subject, heard };
}

describe('TradingSwitch', () => {
  it('is halted while any hold is on, and active once every hold is lifted', () => {
    const { subject } = tradingSwitch();
    subject.hold('breaker', 'circuit breaker: 5 broker failures');
    subject.hold('trader', 'lunch');
    expect(subject.release('breaker')).toBe('circuit breaker: 5 broker failures');
    expect(subject.status).toEqual({ state: 'halted', reason: 'lunch' });
    subject.release('trader');
    expect(subject.status).toEqual({ state: 'active' });
  });

  it('shows the most important hold\'s reason: the store\'s, then the trader\'s, then the breaker\'s', () => {
    const { subject } = tradingSwitch();
    subject.hold('breaker', 'breaker');
    expect(subject.status.reason).toBe('breaker');
    subject.hold('trader', 'trader');
    expect(subject.status.reason).toBe('trader');
    subject.hold('store', 'store');
    expect(subject.status.reason).toBe('store');
    subject.release('store');
    expect(subject.status.reason).toBe('trader');
  });

  it('keeps a hold\'s first reason, and tells only of changes to what is shown', () => {
    const { subject, heard } = tradingSwitch();
    expect(subject.hold('trader', 'lunch')).toBe(true);
    expect(subject.hold('trader', 'again')).toBe(false);
    subject.hold('breaker', 'breaker');
    expect(subject.release('store')).toBeUndefined();
    subject.release('trader');
    subject.release('breaker');
    expect(heard).toEqual([{ state: 'halted', reason: 'lunch' }, { state: 'halted', reason: 'breaker' }, { state: 'active' }]);
  });
});
