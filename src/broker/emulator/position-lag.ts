import { marketValue, unrealizedPnl, type Position } from '../../domain/position.js';
import type { BrokerPosition } from '../port.js';
import type { SimExchange } from '../sim/sim-exchange.js';

interface Entry {
  /** When the newest execution in it happened; the positions may be shown from then plus the lag. */
  readonly since: number;
  readonly lastExecutionId: string | undefined;
  readonly positions: readonly Position[];
}

/**
 * Positions as Alpaca's paper REST shows them for a while after a fill: as they were before it
 * (alpaca-behaviours.md §1.6 item 9). The exchange's open positions are noted each time its
 * executions change, with the time of the newest one; a read is answered from the newest note at
 * least the lag old. Notes missed between two executions only make a position show later, never
 * earlier.
 */
export class PositionLag {
  private readonly tape: Entry[];

  /** What the exchange holds now is taken as long settled. */
  constructor(private readonly exchange: SimExchange) {
    const { lastExecutionId, positions } = this.read();
    this.tape = [{ since: Number.NEGATIVE_INFINITY, lastExecutionId, positions }];
  }

  /** Notes the exchange's positions if an execution was booked since the last note. */
  note(): void {
    const { lastExecutionId, since, positions } = this.read();
    if (this.tape.at(-1)?.lastExecutionId === lastExecutionId) return;
    this.tape.push({ since, lastExecutionId, positions });
  }

  /** The positions to show at `now` with `lagMs` of lag, priced now; undefined when the newest are due. */
  shown(now: number, lagMs: number): BrokerPosition[] | undefined {
    this.note();
    let index = this.tape.length - 1;
    while (index > 0 && (this.tape[index] as Entry).since > now - lagMs) index--;
    // Notes older than the one shown can never be shown again.
    this.tape.splice(0, index);
    if (this.tape.length === 1) return undefined;
    return (this.tape[0] as Entry).positions.map((position) => this.priced(position));
  }

  private read(): Entry {
    const { fills, positions } = this.exchange.ledger();
    const last = fills.at(-1);
    return {
      since: last === undefined ? Number.NEGATIVE_INFINITY : Date.parse(last.at),
      lastExecutionId: last?.executionId,
      positions: Object.values(positions).filter((position) => !position.qty.isZero()),
    };
  }

  /** Marked at the last price, as the exchange marks its own, or at cost when the symbol has none. */
  private priced(position: Position): BrokerPosition {
    const last = this.exchange.getQuote(position.symbol)?.last ?? position.avgCost;
    return {
      symbol: position.symbol,
      qty: position.qty,
      avgEntryPrice: position.avgCost,
      currentPrice: last,
      marketValue: marketValue(position, last),
      unrealizedPl: unrealizedPnl(position, last),
    };
  }
}
