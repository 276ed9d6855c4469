import type { Broker } from '../../src/broker/port.js';
import type { Clock } from '../../src/kernel/clock.js';

export interface RecordedCall {
  readonly method: string;
  readonly arg: unknown;
  readonly at: number;
}

/** Wraps a broker so every call is recorded with its time; answers pass through untouched. */
export function recordCalls(broker: Broker, clock: Clock, calls: RecordedCall[]): Broker {
  return new Proxy(broker, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push({ method: String(property), arg: args[0], at: clock.now() });
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
