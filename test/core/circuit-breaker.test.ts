import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/core/circuit-breaker.js';
import { ManualClock } from '../../src/core/clock.js';
import type { ErrorClass } from '../../src/core/error-class.js';
import { ValidationError } from '../../src/domain/errors.js';

function breaker(options: { failureThreshold?: number; windowMs?: number } = {}) {
  const clock = new ManualClock();
  const subject = new CircuitBreaker({ clock, ...options });
  const trips: string[] = [];
  subject.onTrip((reason) => trips.push(reason));
  return { clock, subject, trips };
}

describe('CircuitBreaker', () => {
  it('trips once at the threshold within the window, with a reason for the log', () => {
    const { clock, subject, trips } = breaker();
    for (let i = 0; i < 4; i++) {
      subject.recordFailure('transient', '503');
      clock.advance(10_000);
    }
    expect(subject.state()).toBe('closed');
    subject.recordFailure('ambiguous', 'timeout');
    expect(subject.state()).toBe('open');
    expect(trips).toEqual(['5 broker failures in 60s (last: timeout)']);
    subject.recordFailure('transient');
    subject.recordFailure('rate_limited');
    expect(trips).toHaveLength(1);
  });

  it('counts every non-permanent class', () => {
    const classes: ErrorClass[] = ['transient', 'rate_limited', 'ambiguous'];
    for (const cls of classes) {
      const { subject } = breaker({ failureThreshold: 2 });
      subject.recordFailure(cls);
      subject.recordFailure(cls);
      expect(subject.state()).toBe('open');
    }
  });

  it('does not trip when the same failures are spread wider than the window', () => {
    const { clock, subject, trips } = breaker();
    for (let i = 0; i < 20; i++) {
      subject.recordFailure('transient');
      clock.advance(15_000);
    }
    expect(subject.state()).toBe('closed');
    expect(trips).toEqual([]);
  });

  it('drops a failure exactly one window old', () => {
    const { clock, subject } = breaker({ failureThreshold: 2, windowMs: 1000 });
    subject.recordFailure('transient');
    clock.advance(1000);
    subject.recordFailure('transient');
    expect(subject.state()).toBe('closed');
    clock.advance(999);
    subject.recordFailure('transient');
    expect(subject.state()).toBe('open');
  });

  it('ignores permanent failures: a rejected order says nothing about the broker', () => {
    const { subject, trips } = breaker();
    for (let i = 0; i < 50; i++) subject.recordFailure('permanent');
    expect(subject.state()).toBe('closed');
    expect(trips).toEqual([]);
  });

  it('starts the count over after a success', () => {
    const { subject } = breaker({ failureThreshold: 3 });
    subject.recordFailure('transient');
    subject.recordFailure('transient');
    subject.recordSuccess();
    subject.recordFailure('transient');
    subject.recordFailure('transient');
    expect(subject.state()).toBe('closed');
    subject.recordFailure('transient');
    expect(subject.state()).toBe('open');
  });

  it('stays open through successes until reset, then counts afresh and can trip again', () => {
    const { subject, trips } = breaker({ failureThreshold: 2, windowMs: 1500 });
    subject.recordFailure('transient');
    subject.recordFailure('transient');
    subject.recordSuccess();
    expect(subject.state()).toBe('open');
    subject.reset();
    expect(subject.state()).toBe('closed');
    subject.recordFailure('transient');
    expect(subject.state()).toBe('closed');
    subject.recordFailure('transient');
    expect(subject.state()).toBe('open');
    expect(trips).toEqual(['2 broker failures in 1500ms', '2 broker failures in 1500ms']);
  });

  it('stops calling a listener once unsubscribed', () => {
    const { subject } = breaker({ failureThreshold: 1 });
    const calls: string[] = [];
    const off = subject.onTrip((reason) => calls.push(reason));
    off();
    subject.recordFailure('transient');
    expect(calls).toEqual([]);
  });

  it.each([[{ failureThreshold: 0 }], [{ failureThreshold: 2.5 }], [{ windowMs: 0 }]])('refuses %o', (options) => {
    expect(() => new CircuitBreaker({ clock: new ManualClock(), ...options })).toThrow(ValidationError);
  });
});
