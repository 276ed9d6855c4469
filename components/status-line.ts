import { formatAmount, formatSigned, type Decimal } from '../src/domain/decimal.js';
import type { ConnectionHealth, ConnectionState, MarketClock } from '../src/broker/port.js';
import type { ConsoleState } from '../store/console-store.js';
import type { TradingStatus } from '../src/core/trading-state.js';
import { signColor } from './format.js';
import { segmentsWidth, type Color, type Segment } from './segments.js';

export interface StatusInfo {
  readonly mode: ConsoleState['mode'];
  readonly connection: ConnectionState;
  readonly clock: MarketClock | undefined;
  readonly trading: TradingStatus;
  readonly equity: Decimal;
  /** Undefined until the broker has reported the account. */
  readonly buyingPower: Decimal | undefined;
  readonly dayPnl: Decimal | undefined;
}

interface Piece {
  readonly segments: readonly Segment[];
  /** Pieces with a rank are left out on narrow terminals, lowest rank first. */
  readonly giveWay?: number;
}

const BADGES: Readonly<Record<StatusInfo['mode'], Segment>> = {
  sim: { text: ' SIM ', color: 'black', backgroundColor: 'cyan', bold: true },
  paper: { text: ' PAPER ', color: 'black', backgroundColor: 'yellow', bold: true },
  live: { text: ' LIVE ', color: 'white', backgroundColor: 'red', bold: true },
};

/** Shown while new orders are refused; the reason is in the log. */
const HALTED: Segment = { text: ' HALTED ', color: 'white', backgroundColor: 'red', bold: true };

const HEALTH_COLORS: Readonly<Record<ConnectionHealth, Color>> = {
  ok: 'green',
  degraded: 'yellow',
  connecting: 'yellow',
  down: 'red',
};

function health(name: string, state: ConnectionHealth): Piece {
  return { segments: [{ text: '●', color: HEALTH_COLORS[state] }, { text: ` ${name} ${state}` }] };
}

function money(label: string, value: Decimal | undefined, signed = false): Segment[] {
  if (value === undefined) return [{ text: `${label} ` }, { text: '—', dim: true }];
  if (!signed) return [{ text: `${label} ` }, { text: formatAmount(value), bold: true }];
  return [{ text: `${label} ` }, { text: formatSigned(value), bold: true, color: signColor(value) }];
}

const SEPARATOR: Segment = { text: '  ' };

function join(pieces: readonly Piece[]): Segment[] {
  return pieces.flatMap((piece, i) => (i === 0 ? [...piece.segments] : [SEPARATOR, ...piece.segments]));
}

/** One line: identity and health on the left, money on the right; less vital pieces give way when narrow. */
export function statusLine(info: StatusInfo, width: number): Segment[] {
  const clockText = info.clock === undefined ? 'clock: —' : `clock: ${info.clock.isOpen ? 'open' : 'closed'}`;
  const left: Piece[] = [
    { segments: [{ text: 'BLOTTER', bold: true }], giveWay: 2 },
    { segments: [BADGES[info.mode]] },
    ...(info.trading.state === 'halted' ? [{ segments: [HALTED] }] : []),
    health('stream', info.connection.stream),
    health('rest', info.connection.rest),
    { segments: [{ text: clockText }], giveWay: 1 },
  ];
  const right: Piece[] = [
    { segments: money('equity', info.equity) },
    { segments: money('bp', info.buyingPower), giveWay: 3 },
    { segments: money('day', info.dayPnl, true) },
  ];
  const needed = (): number => 2 + segmentsWidth(join(left)) + SEPARATOR.text.length + segmentsWidth(join(right));
  const ranked = [...left, ...right].filter((p) => p.giveWay !== undefined).sort((a, b) => (a.giveWay ?? 0) - (b.giveWay ?? 0));
  for (const piece of ranked) {
    if (needed() <= width) break;
    for (const side of [left, right]) if (side.includes(piece)) side.splice(side.indexOf(piece), 1);
  }
  const leftSegments = join(left);
  const rightSegments = join(right);
  const filler = Math.max(SEPARATOR.text.length, width - 2 - segmentsWidth(leftSegments) - segmentsWidth(rightSegments));
  return [{ text: ' ' }, ...leftSegments, { text: ' '.repeat(filler) }, ...rightSegments, { text: ' ' }];
}
