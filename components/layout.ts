export const MIN_COLUMNS = 80;
export const MIN_ROWS = 20;

/** Every pane, in the order the number keys 1–6 reach them; the order never changes with the layout. */
export const PANE_IDS = ['watchlist', 'orders', 'positions', 'log', 'strategies', 'metrics'] as const;
export type PaneId = (typeof PANE_IDS)[number];

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

export interface PaneBox {
  readonly width: number;
  readonly height: number;
}

export interface LayoutOptions {
  readonly showMetrics?: boolean;
}

/**
 * Two bands between the status bar and the command line. Top: the watchlist over the strategies on
 * the left, the orders on the right. Bottom: the positions on the left, the log on the right, with
 * the metrics above the log or in its place.
 */
export interface ConsoleLayout {
  readonly kind: 'console';
  readonly width: number;
  /** Always rows − 1: a frame as tall as the terminal makes Ink clear and redraw the screen every frame. */
  readonly height: number;
  readonly watchlist: PaneBox;
  readonly strategies: PaneBox;
  readonly orders: PaneBox;
  readonly positions: PaneBox;
  /** Undefined while the metrics pane has its place: the band is too short for both to be readable. */
  readonly log: PaneBox | undefined;
  /** Undefined while hidden. */
  readonly metrics: PaneBox | undefined;
}

export interface TooSmall {
  readonly kind: 'too-small';
  readonly message: string;
}

/** Status bar and command line. */
const FIXED_LINES = 2;
/** The orders/watchlist band gets this share of the pane height: it is what a trader watches most. */
const TOP_SHARE = 0.55;
/** The strategies pane's share of the left column of the top band; the watchlist keeps the rest. */
const STRATEGIES_SHARE = 0.3;
const STRATEGIES_MIN = 4;
const STRATEGIES_MAX = 10;
/** The log and the metrics share the bottom band's right column from this height on; below it, metrics replace the log. */
const SHARED_LOG_MIN = 16;
/** Every metrics line with its borders; more height would stay empty. */
const METRICS_MAX = 12;

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));

export function computeLayout(size: TerminalSize, options: LayoutOptions = {}): ConsoleLayout | TooSmall {
  const { columns, rows } = size;
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
    return {
      kind: 'too-small',
      message: `Blotter needs at least ${MIN_COLUMNS}×${MIN_ROWS}; this terminal is ${columns}×${rows}`,
    };
  }
  const height = rows - 1;
  const panes = height - FIXED_LINES;
  const top = Math.ceil(panes * TOP_SHARE);
  const bottom = panes - top;
  // Wide enough at 100 columns for symbol, bid x ask, change and a sparkline.
  const left = clamp(Math.round(columns * 0.38), 34, 56);
  const strategies = clamp(Math.round(top * STRATEGIES_SHARE), STRATEGIES_MIN, STRATEGIES_MAX);
  const positions = clamp(Math.round(columns * 0.5), 40, 80);
  const right = columns - positions;
  let log: PaneBox | undefined = { width: right, height: bottom };
  let metrics: PaneBox | undefined;
  if (options.showMetrics === true) {
    if (bottom >= SHARED_LOG_MIN) {
      const shown = Math.min(METRICS_MAX, Math.floor(bottom / 2));
      metrics = { width: right, height: shown };
      log = { width: right, height: bottom - shown };
    } else {
      metrics = log;
      log = undefined;
    }
  }
  return {
    kind: 'console',
    width: columns,
    height,
    watchlist: { width: left, height: top - strategies },
    strategies: { width: left, height: strategies },
    orders: { width: columns - left, height: top },
    positions: { width: positions, height: bottom },
    log,
    metrics,
  };
}

/** The panes on screen, in pane-key order: what focus can move through. */
export function visiblePanes(layout: ConsoleLayout): PaneId[] {
  return PANE_IDS.filter((id) => layout[id] !== undefined);
}

/** Lines inside a pane: the box loses its top (title) and bottom border lines. */
export function paneRows(box: PaneBox): number {
  return Math.max(0, box.height - 2);
}

/** Columns inside a pane: two border characters and one space of padding on each side. */
export function paneColumns(box: PaneBox): number {
  return Math.max(0, box.width - 4);
}
