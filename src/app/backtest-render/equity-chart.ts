/**
 * The equity curve over its drawdown, drawn in braille: each character holds 2 × 4 dots, so an
 * 80-column terminal shows about 150 points across and 48 levels in 12 rows. Where there are more
 * bars than dot columns, each column draws the whole range its bars went through, so no spike of a
 * long run is lost to the sampling.
 */

export interface ChartSize {
  /** Columns of the whole chart, axis labels included. */
  readonly width: number;
  /** Rows of the equity panel. */
  readonly height: number;
  /** Rows of the drawdown panel under it. */
  readonly drawdownHeight: number;
}

export const DEFAULT_CHART_SIZE: ChartSize = { width: 80, height: 12, drawdownHeight: 5 };

/** Narrower than this and neither the labels nor the curve can be read. */
const MIN_PLOT_WIDTH = 10;
const DAY_MS = 86_400_000;
const BRAILLE_BASE = 0x2800;
/** Braille dot bits, row by row within the cell: left dot, then right dot. */
const DOT_BITS: readonly number[] = [0x01, 0x08, 0x02, 0x10, 0x04, 0x20, 0x40, 0x80];

/**
 * Lines of the chart: the equity panel with money labels (its highest, middle and lowest value),
 * the drawdown panel with 0 % and the deepest drawdown, a time axis, and the first, middle and last
 * bar's dates under it. `equity[i]` is the equity at the close of the bar that started at `times[i]`.
 */
export function renderEquityChart(equity: ArrayLike<number>, times: ArrayLike<number>, size: ChartSize = DEFAULT_CHART_SIZE): string[] {
  const count = Math.min(equity.length, times.length);
  if (count === 0) return ['(no bars to chart)'];
  const drawdown = drawdowns(equity, count);
  // Not Math.max(...drawdown): a million bars overflow the call stack as arguments.
  const deepest = drawdown.reduce((most, depth) => Math.max(most, depth), 0);
  let highest = -Infinity;
  let lowest = Infinity;
  for (let i = 0; i < count; i++) {
    highest = Math.max(highest, equity[i] as number);
    lowest = Math.min(lowest, equity[i] as number);
  }
  const span = highest - lowest;
  const equityLabels = panelLabels(size.height, [moneyLabel(highest, span), moneyLabel((highest + lowest) / 2, span), moneyLabel(lowest, span)], span === 0 ? 'middle' : undefined);
  const drawdownLabels = panelLabels(size.drawdownHeight, ['0%', '', `-${(deepest * 100).toFixed(1)}%`], deepest === 0 ? 'top' : undefined);
  const labelWidth = Math.max(...[...equityLabels, ...drawdownLabels].map((label) => label.length));
  const plotWidth = Math.max(MIN_PLOT_WIDTH, size.width - labelWidth - 2);
  const columns = bucketBounds(count, plotWidth * 2);
  const equityDots = lineDots(equity, columns, size.height * 4, lowest, highest);
  const drawdownDots = areaDots(drawdown, columns, size.drawdownHeight * 4, deepest);
  const lines = [
    ...panel(equityDots, plotWidth, equityLabels, labelWidth),
    ...panel(drawdownDots, plotWidth, drawdownLabels, labelWidth),
    `${' '.repeat(labelWidth + 1)}└${'─'.repeat(plotWidth)}`,
    dateAxis(times, count, labelWidth + 2, plotWidth),
  ];
  return lines.map((line) => line.trimEnd());
}

/** 1 − E[t] / the highest E up to t, for every bar. */
function drawdowns(equity: ArrayLike<number>, count: number): number[] {
  const result = new Array<number>(count);
  let peak = -Infinity;
  for (let i = 0; i < count; i++) {
    const value = equity[i] as number;
    peak = Math.max(peak, value);
    result[i] = peak > 0 ? 1 - value / peak : 0;
  }
  return result;
}

/** The first bar of each dot column, and one past the last: at least one bar each, so a short run is stretched. */
function bucketBounds(count: number, dotColumns: number): Array<readonly [number, number]> {
  const bounds: Array<readonly [number, number]> = [];
  for (let x = 0; x < dotColumns; x++) {
    const first = Math.min(count - 1, Math.floor((x * count) / dotColumns));
    const end = Math.max(first + 1, Math.floor(((x + 1) * count) / dotColumns));
    bounds.push([first, end]);
  }
  return bounds;
}

type Dots = boolean[][];

function emptyDots(rows: number, columns: number): Dots {
  return Array.from({ length: rows }, () => new Array<boolean>(columns).fill(false));
}

/** A line: each column spans its bars' range and reaches back to the last value of the column before, so the curve never breaks. */
function lineDots(values: ArrayLike<number>, columns: ReadonlyArray<readonly [number, number]>, rows: number, lowest: number, highest: number): Dots {
  const dots = emptyDots(rows, columns.length);
  const row = (value: number): number => (highest === lowest ? Math.floor((rows - 1) / 2) : Math.round(((highest - value) / (highest - lowest)) * (rows - 1)));
  let previous: number | undefined;
  for (const [x, [first, end]] of columns.entries()) {
    let low = previous ?? (values[first] as number);
    let high = low;
    for (let i = first; i < end; i++) {
      low = Math.min(low, values[i] as number);
      high = Math.max(high, values[i] as number);
    }
    for (let y = row(high); y <= row(low); y++) (dots[y] as boolean[])[x] = true;
    previous = values[end - 1] as number;
  }
  return dots;
}

/** An area hanging from the top row (no drawdown) down to each column's deepest drawdown. */
function areaDots(depths: readonly number[], columns: ReadonlyArray<readonly [number, number]>, rows: number, deepest: number): Dots {
  const dots = emptyDots(rows, columns.length);
  for (const [x, [first, end]] of columns.entries()) {
    let depth = 0;
    for (let i = first; i < end; i++) depth = Math.max(depth, depths[i] as number);
    const bottom = deepest === 0 ? 0 : Math.round((depth / deepest) * (rows - 1));
    for (let y = 0; y <= bottom; y++) (dots[y] as boolean[])[x] = true;
  }
  return dots;
}

/**
 * The panel's label for each row: top, middle and bottom; when the values never moved, only the
 * one on the row the flat line is drawn (`flatRow`).
 */
function panelLabels(rows: number, [top, middle, bottom]: readonly [string, string, string], flatRow: 'top' | 'middle' | undefined): string[] {
  const labels = new Array<string>(rows).fill('');
  const mid = Math.floor((rows - 1) / 2);
  if (flatRow !== undefined) {
    labels[flatRow === 'top' ? 0 : mid] = flatRow === 'top' ? top : middle;
    return labels;
  }
  if (rows >= 5) labels[mid] = middle;
  labels[rows - 1] = bottom;
  labels[0] = top;
  return labels;
}

function panel(dots: Dots, plotWidth: number, labels: readonly string[], labelWidth: number): string[] {
  const lines: string[] = [];
  for (let cell = 0; cell < labels.length; cell++) {
    let text = '';
    for (let column = 0; column < plotWidth; column++) {
      let bits = 0;
      for (let dy = 0; dy < 4; dy++) {
        for (let dx = 0; dx < 2; dx++) {
          if (dots[cell * 4 + dy]?.[column * 2 + dx] === true) bits |= DOT_BITS[dy * 2 + dx] as number;
        }
      }
      text += bits === 0 ? ' ' : String.fromCharCode(BRAILLE_BASE + bits);
    }
    const label = labels[cell] as string;
    lines.push(`${label.padStart(labelWidth)} ${label === '' ? '│' : '┤'}${text}`);
  }
  return lines;
}

/** Whole dollars with commas; cents too when the curve moves less than ten dollars. */
function moneyLabel(value: number, span: number): string {
  const digits = span < 10 ? 2 : 0;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** The first, middle and last bar's dates, under where they are drawn; the middle one only where it has room. */
function dateAxis(times: ArrayLike<number>, count: number, indent: number, plotWidth: number): string {
  const daily = Array.from({ length: count }, (_, i) => times[i] as number).every((at) => at % DAY_MS === 0);
  const first = timeLabel(times[0] as number, daily);
  const last = timeLabel(times[count - 1] as number, daily);
  const axis = new Array<string>(plotWidth).fill(' ');
  const put = (text: string, at: number): void => text.split('').forEach((char, i) => (axis[at + i] = char));
  put(first, 0);
  if (count > 1 && first.length + last.length < plotWidth) put(last, plotWidth - last.length);
  const middle = timeLabel(times[Math.floor((count - 1) / 2)] as number, daily);
  const middleAt = Math.floor((plotWidth - middle.length) / 2);
  if (count > 2 && middleAt >= first.length + 2 && middleAt + middle.length + 2 <= plotWidth - last.length) put(middle, middleAt);
  return `${' '.repeat(indent)}${axis.join('')}`;
}

/** UTC, as bars are stamped: the date alone for daily bars, with the time otherwise. */
function timeLabel(at: number, daily: boolean): string {
  const iso = new Date(at).toISOString();
  return daily ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}
