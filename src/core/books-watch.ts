import type { EventBus } from './event-bus.js';
import type { BooksStatus } from './events.js';

/**
 * Keeps count of what makes the books less than certain this session: corrections booked
 * (adjustments), fills here the broker does not know, and differences found between positions and
 * their fills. Every change is announced, so the status bar can mark it and the report can list it.
 */
export class BooksWatch {
  private current: BooksStatus = { adjustments: 0, unknownFills: 0, unbalanced: [] };

  constructor(private readonly bus: EventBus) {}

  get status(): BooksStatus {
    return this.current;
  }

  adjusted(): void {
    this.set({ ...this.current, adjustments: this.current.adjustments + 1 });
  }

  unknownFill(): void {
    this.set({ ...this.current, unknownFills: this.current.unknownFills + 1 });
  }

  /** The latest balance check: empty when the books balance. */
  balanced(differences: readonly string[]): void {
    if (differences.length === 0 && this.current.unbalanced.length === 0) return;
    this.set({ ...this.current, unbalanced: [...differences] });
  }

  private set(status: BooksStatus): void {
    this.current = status;
    this.bus.emit({ type: 'books', status });
  }
}
