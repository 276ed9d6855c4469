import type { Engine } from '../core/engine.js';
import type { StoreStatus } from '../core/events.js';
import { StoreLockLostError, type StoreError } from '../persistence/errors.js';

/**
 * Turns store failures into something the trader sees at once: an ERROR line in the log and the
 * status bar's store mark, and, when the lock is lost (another process now owns the files, so
 * nothing here will be saved), a block on new orders that only a restart lifts. A save that
 * succeeds again clears the mark and says so. Failures before the engine exists wait for it.
 */
export class StoreHealth {
  private engine: Engine | undefined;
  private readonly early: (() => void)[] = [];
  private readonly failing = new Map<string, string>();
  private lost: string | undefined;

  constructor(private readonly onError: (error: StoreError) => void) {}

  /** The engine to tell; what happened before it existed is told now. */
  attach(engine: Engine): void {
    this.engine = engine;
    for (const tell of this.early.splice(0)) tell();
  }

  failed(error: StoreError): void {
    this.onError(error);
    this.tell(() => this.report(error));
  }

  recovered(path: string): void {
    this.tell(() => {
      if (!this.failing.delete(path)) return;
      this.engine?.note('info', `saving works again: ${path} is up to date`);
      this.publish();
    });
  }

  private report(error: StoreError): void {
    const engine = this.engine as Engine;
    const path = 'path' in error && typeof error.path === 'string' ? error.path : 'the store';
    if (error instanceof StoreLockLostError) {
      this.lost = `${error.message}; new orders are refused until then (cancels still go through)`;
      engine.note('error', this.lost);
      engine.blockTrading(`another process took over ${path}: quit and restart Blotter`);
    } else {
      const known = this.failing.get(path);
      this.failing.set(path, error.message);
      if (known !== error.message) engine.note('error', `${error.message} — retrying; what is on screen is not all on disk yet`);
    }
    this.publish();
  }

  private publish(): void {
    const [first] = this.failing.values();
    const status: StoreStatus =
      this.lost !== undefined ? { state: 'lost', problem: this.lost } : first !== undefined ? { state: 'failing', problem: first } : { state: 'ok' };
    this.engine?.reportStore(status);
  }

  private tell(fn: () => void): void {
    if (this.engine === undefined) this.early.push(fn);
    else fn();
  }
}
