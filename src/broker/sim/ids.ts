export interface IdState {
  readonly tag: string;
  readonly orders: number;
  readonly executions: number;
}

/**
 * UUID-shaped ids, as Alpaca's: the counter comes first so id prefixes tell orders apart, and the
 * tail carries the session's seed so two simulated exchanges do not hand out the same ids.
 */
export class SimIds {
  private orders: number;
  private executions: number;

  constructor(private readonly tag: string, orders = 0, executions = 0) {
    this.orders = orders;
    this.executions = executions;
  }

  static tagForSeed(seed: number): string {
    return (seed >>> 0).toString(16).padStart(12, '0');
  }

  order(): string {
    this.orders += 1;
    return `${hex8(this.orders)}-0000-4000-8000-${this.tag}`;
  }

  execution(): string {
    this.executions += 1;
    return `${hex8(this.executions)}-0000-4000-a000-${this.tag}`;
  }

  state(): IdState {
    return { tag: this.tag, orders: this.orders, executions: this.executions };
  }
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}
