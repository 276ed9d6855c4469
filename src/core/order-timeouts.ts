import type { Clock } from '../kernel/clock.js';

/** One deadline timer per working order; fires `onTimeout` once, at the deadline. */
export class OrderTimeouts {
  private readonly deadlines = new Map<string, { at: number; cancel: () => void }>();

  constructor(
    private readonly clock: Clock,
    private readonly onTimeout: (clientOrderId: string) => void,
  ) {}

  arm(clientOrderId: string, at: number): void {
    if (this.deadlines.get(clientOrderId)?.at === at) return;
    this.disarm(clientOrderId);
    const cancel = this.clock.setTimer(() => {
      this.deadlines.delete(clientOrderId);
      this.onTimeout(clientOrderId);
    }, Math.max(0, at - this.clock.now()));
    this.deadlines.set(clientOrderId, { at, cancel });
  }

  disarm(clientOrderId: string): void {
    this.deadlines.get(clientOrderId)?.cancel();
    this.deadlines.delete(clientOrderId);
  }

  stop(): void {
    for (const { cancel } of this.deadlines.values()) cancel();
    this.deadlines.clear();
  }
}
