import { formatAmount, formatSigned, type Decimal } from '../src/domain/decimal.js';
import type { ConnectionHealth, ConnectionState, MarketClock } from '../src/broker/port.js';
import type { ConsoleState } from '../store/console-store.js';
import type { BooksStatus, StoreStatus } from '../src/core/events.js';
import type { TradingStatus } from '../src/core/trading-state.js';
import { formatMarketTime, signColor, trendColor } from './format.js';
import { segmentsWidth, type Color, type Segment } from './segments.js';
import { sparkline } from './sparkline.js';

export interface StatusInfo {
  readonly mode: ConsoleState['mode'];
  readonly connection: ConnectionState;
  readonly clock: MarketClock | undefined;
  readonly trading: TradingStatus;
  readonly store: StoreStatus;
  readonly books: BooksStatus;
  readonly equity: Decimal;
  /** Some position has no price yet and counts at what it cost: equity and day P&L are estimates. */
  readonly unpriced?: boolean;
  /** Undefined until the broker has reported the account. */
  readonly buyingPower: Decimal | undefined;
  readonly dayPnl: Decimal | undefined;
  /** Equity over the session, oldest first, drawn as a sparkline; fewer than two values draw none. */
  readonly equityTrend: readonly number[];
}

interface Piece {
  segments: readonly Segment[];
  /** Pieces with a rank give way on narrow terminals, lowest rank first: left out, or narrowed to `compact`. */
  readonly giveWay?: number;
  /** What a piece that must stay keeps when it gives way. */
  readonly compact?: readonly Segment[];
  /** Set close to the piece before (one space, not two): it belongs to it. */
  readonly attached?: boolean;
}

/** The equity sparkline is as wide as the room left allows, within these bounds. */
const SPARK_MIN = 6;
const SPARK_MAX = 24;

const BADGES: Readonly<Record<StatusInfo['mode'], Segment>> = {
  sim: { text: ' SIM ', color: 'black', backgroundColor: 'cyan', bold: true },
  paper: { text: ' PAPER ', color: 'black', backgroundColor: 'yellow', bold: true },
  live: { text: ' LIVE ', color: 'white', backgroundColor: 'red', bold: true },
};

/** Shown while new orders are refused; the reason is in the log. */
const HALTED: Segment = alarm(' HALTED ');

/** Saving is being retried, or has stopped for good (another process took the files); the log says which file and why. */
const SAVE_MARKS: Readonly<Record<Exclude<StoreStatus['state'], 'ok'>, Segment>> = {
  failing: alarm(' SAVE FAILING '),
  lost: alarm(' NOT SAVING '),
};

function alarm(text: string): Segment {
  return { text, color: 'white', backgroundColor: 'red', bold: true };
}

const HEALTH_COLORS: Readonly<Record<ConnectionHealth, Color>> = {
  ok: 'green',
  degraded: 'yellow',
  connecting: 'yellow',
  down: 'red',
};

function health(name: string, state: ConnectionHealth): Piece {
  const dot: Segment = { text: '●', color: HEALTH_COLORS[state] };
  // The dot's colour tells the health without the word: `ok` is the cheapest room to make for the
  // alarms, a warning word goes only after the BOOKS mark's detail.
  return { segments: [dot, { text: ` ${name} ${state}` }], giveWay: state === 'ok' ? 6 : 8, compact: [dot, { text: ` ${name}` }] };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** ` BOOKS: AAPL unbalanced, 1 unknown fill, 2 adjustments `, worst first; nothing while the books agree. */
function booksMark(books: BooksStatus): Piece | undefined {
  const problems = [
    ...(books.unbalanced.length > 0 ? [`${books.unbalanced.join(' ')} unbalanced`] : []),
    ...(books.unknownFills > 0 ? [plural(books.unknownFills, 'unknown fill')] : []),
    ...(books.adjustments > 0 ? [plural(books.adjustments, 'adjustment')] : []),
  ];
  if (problems.length === 0) return undefined;
  return { segments: [alarm(` BOOKS: ${problems.join(', ')} `)], giveWay: 7, compact: [alarm(' BOOKS ')] };
}

/** HALTED, the save mark and the BOOKS mark, set close together: they are never left out for width. */
function alarmPieces(info: StatusInfo): Piece[] {
  const save = info.store.state === 'ok' ? undefined : { segments: [SAVE_MARKS[info.store.state]] };
  const pieces = [info.trading.state === 'halted' ? { segments: [HALTED] } : undefined, save, booksMark(info.books)];
  return pieces.filter((p): p is Piece => p !== undefined).map((p, i) => (i === 0 ? p : { ...p, attached: true }));
}

function money(label: string, value: Decimal | undefined, signed = false): Segment[] {
  if (value === undefined) return [{ text: `${label} ` }, { text: '—', dim: true }];
  if (!signed) return [{ text: `${label} ` }, { text: formatAmount(value), bold: true }];
  return [{ text: `${label} ` }, { text: formatSigned(value), bold: true, color: signColor(value) }];
}

const SEPARATOR: Segment = { text: '  ' };

function join(pieces: readonly Piece[]): Segment[] {
  return pieces.flatMap((piece, i) => {
    if (i === 0) return [...piece.segments];
    return [piece.attached === true ? { text: ' ' } : SEPARATOR, ...piece.segments];
  });
}

/** `clock: open`, and when the broker says, when that changes: `· closes 16:00`, `· opens Mon 09:30`. */
function clockPieces(clock: MarketClock | undefined): Piece[] {
  if (clock === undefined) return [{ segments: [{ text: 'clock: —' }], giveWay: 4 }];
  const state: Piece = { segments: [{ text: `clock: ${clock.isOpen ? 'open' : 'closed'}` }], giveWay: 4 };
  const next = clock.isOpen ? clock.nextClose : clock.nextOpen;
  const reference = Date.parse(clock.timestamp);
  const when = next === undefined || Number.isNaN(reference) ? undefined : formatMarketTime(next, reference);
  if (when === undefined) return [state];
  return [state, { segments: [{ text: `· ${clock.isOpen ? 'closes' : 'opens'} ${when}`, dim: true }], giveWay: 1, attached: true }];
}

/**
 * One line: identity, alarms and health on the left, money on the right. Less vital pieces give way
 * when narrow, least vital first: when the clock next changes, the name, the equity sparkline, the
 * clock, buying power; then the words after the health dots (`ok` first) and the BOOKS mark's
 * detail. The sparkline then widens into whatever room is left. Should even that not fit, the end
 * of the line is cut, never the alarms: they sit on the left.
 */
export function statusLine(info: StatusInfo, width: number): Segment[] {
  const left: Piece[] = [
    { segments: [{ text: 'BLOTTER', bold: true }], giveWay: 2 },
    { segments: [BADGES[info.mode]] },
    ...alarmPieces(info),
    health('stream', info.connection.stream),
    health('rest', info.connection.rest),
    ...clockPieces(info.clock),
  ];
  const drawn = (room: number): Segment => ({ text: sparkline(info.equityTrend, room), color: trendColor(info.equityTrend) });
  const spark: Piece | undefined = info.equityTrend.length < 2 ? undefined : { segments: [drawn(SPARK_MIN)], giveWay: 3, attached: true };
  const right: Piece[] = [
    { segments: money(info.unpriced === true ? 'equity ≈' : 'equity', info.equity) },
    ...(spark === undefined ? [] : [spark]),
    { segments: money('bp', info.buyingPower), giveWay: 5 },
    { segments: money(info.unpriced === true ? 'day ≈' : 'day', info.dayPnl, true) },
  ];
  const needed = (): number => 2 + segmentsWidth(join(left)) + SEPARATOR.text.length + segmentsWidth(join(right));
  const ranked = [...left, ...right].filter((p) => p.giveWay !== undefined).sort((a, b) => (a.giveWay ?? 0) - (b.giveWay ?? 0));
  for (const piece of ranked) {
    if (needed() <= width) break;
    if (piece.compact !== undefined) piece.segments = piece.compact;
    else for (const side of [left, right]) if (side.includes(piece)) side.splice(side.indexOf(piece), 1);
  }
  if (spark !== undefined && right.includes(spark)) {
    const room = segmentsWidth(spark.segments) + Math.max(0, width - needed());
    spark.segments = [drawn(Math.min(SPARK_MAX, room))];
  }
  const leftSegments = join(left);
  const rightSegments = join(right);
  const filler = Math.max(SEPARATOR.text.length, width - 2 - segmentsWidth(leftSegments) - segmentsWidth(rightSegments));
  return [{ text: ' ' }, ...leftSegments, { text: ' '.repeat(filler) }, ...rightSegments, { text: ' ' }];
}
