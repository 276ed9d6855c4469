export const MIN_COLUMNS = 80;
export const MIN_ROWS = 20;

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

export interface PaneBox {
  readonly width: number;
  readonly height: number;
}

export interface ConsoleLayout {
  readonly kind: 'console';
  readonly width: number;
  /** Always rows − 1: a frame as tall as the terminal makes Ink clear and redraw the screen every frame. */
  readonly height: number;
  readonly watchlist: PaneBox;
  readonly orders: PaneBox;
  readonly positions: PaneBox;
  readonly log: PaneBox;
}

export interface TooSmall {
  readonly kind: 'too-small';
  readonly message: string;
}

/** Status bar and command line. */
const FIXED_LINES = 2;
/** The orders/watchlist row gets this share of the pane height: it is what a trader watches most. */
const TOP_SHARE = 0.55;

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));

export function computeLayout(size: TerminalSize): ConsoleLayout | TooSmall {
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
  const watchlist = clamp(Math.round(columns * 0.3), 32, 44);
  const positions = clamp(Math.round(columns * 0.5), 40, 80);
  return {
    kind: 'console',
    width: columns,
    height,
    watchlist: { width: watchlist, height: top },
    orders: { width: columns - watchlist, height: top },
    positions: { width: positions, height: bottom },
    log: { width: columns - positions, height: bottom },
  };
}

/** Lines inside a pane: the box loses its top (title) and bottom border lines. */
export function paneRows(box: PaneBox): number {
  return Math.max(0, box.height - 2);
}

/** Columns inside a pane: two border characters and one space of padding on each side. */
export function paneColumns(box: PaneBox): number {
  return Math.max(0, box.width - 4);
}
