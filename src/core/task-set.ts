/**
 * Owns background promises so none floats: each is tracked until it settles, its failure is
 * reported, and shutdown can wait for all of them.
 */
export class TaskSet {
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly onError: (error: unknown) => void) {}

  track(task: Promise<unknown>): void {
    const owned = task.catch(this.onError).finally(() => this.running.delete(owned));
    this.running.add(owned);
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
