import { errorText } from './error-text.js';
import type { ReconcileReason, Reconciler } from './reconciler.js';
import type { TaskSet } from './task-set.js';
import type { TraderLog } from './trader-log.js';

/**
 * At most one reconciliation at a time; new submits wait for the one under way (an order sent
 * while the local view is being corrected could be judged against the wrong state).
 */
export class ResyncGate {
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly reconciler: Reconciler,
    private readonly log: TraderLog,
    private readonly tasks: TaskSet,
  ) {}

  start(reason: ReconcileReason): Promise<void> {
    if (this.running !== undefined || this.closed) return this.running ?? Promise.resolve();
    const run: Promise<void> = this.reconciler
      .run(reason)
      .then(() => undefined)
      .catch((error: unknown) => {
        this.log.write('warn', `reconcile (${reason}) could not finish: ${errorText(error)}`);
      })
      .finally(() => {
        if (this.running === run) this.running = undefined;
      });
    this.running = run;
    this.tasks.track(run);
    return run;
  }

  /** Resolves when no reconciliation is running. */
  async passage(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  close(): void {
    this.closed = true;
  }
}
