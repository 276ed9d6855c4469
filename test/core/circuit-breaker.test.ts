import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/core/circuit-breaker.js';
import { ManualClock } from '../../src/kernel/clock.js';
import type { ErrorClass } from '../../src/core/error-class.js';
import { ValidationError } from '../../src/domain/errors.js';

function breaker(options: { failureThreshold?: number; windowMs?: number; coolDownMs?: number } = {}) {
  const clock = new ManualClock();
  const subject = new CircuitBreaker({ clock, ...options });
  const trips: string[] = [];
  let closes = 0;
  subject.onTrip((reason) => trips.push(reason));
  subject.onClose(() => closes++);
  return { clock, subject, trips, closes: () => closes };
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

  it.each([[{ failureThreshold: 0 }], [{ failureThreshold: 2.5 }], [{ windowMs: 0 }], [{ coolDownMs: 0 }], [{ coolDownMs: Number.NaN }]])('refuses %o', (options) => {
    expect(() => new CircuitBreaker({ clock: new ManualClock(), ...options })).toThrow(ValidationError);
  });
});

describe('CircuitBreaker recovery', () => {
  const tripped = (coolDownMs = 30_000) => {
    const made = breaker({ failureThreshold: 1, coolDownMs });
    made.subject.recordFailure('transient', '503');
    return made;
  };

  it('lets no probe through before the cool-down is over, and one once it is', () => {
    const { clock, subject } = tripped();
    clock.advance(29_999);
    expect(subject.beginProbe()).toBe(false);
    expect(subject.state()).toBe('open');
    clock.advance(1);
    expect(subject.beginProbe()).toBe(true);
    expect(subject.state()).toBe('half_open');
    expect(subject.beginProbe()).toBe(false);
  });

  it('closes on the probe\'s answer, telling its listeners, and counts afresh', () => {
    const { clock, subject, closes, trips } = tripped();
    clock.advance(30_000);
    subject.beginProbe();
    subject.probeSucceeded();
    expect(subject.state()).toBe('closed');
    expect(closes()).toBe(1);
    subject.recordFailure('transient');
    expect(trips).toHaveLength(2);
  });

  it('opens for another whole cool-down when the probe fails', () => {
    const { clock, subject, closes, trips } = tripped(10_000);
    clock.advance(10_000);
    subject.beginProbe();
    expect(subject.probeFailed()).toBe(true);
    expect(subject.state()).toBe('open');
    clock.advance(9_999);
    expect(subject.beginProbe()).toBe(false);
    clock.advance(1);
    expect(subject.beginProbe()).toBe(true);
    expect(closes()).toBe(0);
    expect(trips).toHaveLength(1);
  });

  it('while open or half-open, other calls decide nothing: only the probe does', () => {
    const { clock, subject, closes } = tripped();
    subject.recordSuccess();
    expect(subject.state()).toBe('open');
    clock.advance(30_000);
    subject.beginProbe();
    subject.recordSuccess();
    subject.recordFailure('transient');
    expect(subject.state()).toBe('half_open');
    expect(closes()).toBe(0);
  });

  it('ignores a probe\'s outcome once a reset (a trader\'s resume) has closed it', () => {
    const { clock, subject, closes } = tripped();
    clock.advance(30_000);
    subject.beginProbe();
    subject.reset();
    expect(subject.probeFailed()).toBe(false);
    subject.probeSucceeded();
    expect(subject.state()).toBe('closed');
    expect(closes()).toBe(0);
  });
});
