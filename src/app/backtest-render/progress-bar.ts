/** A one-line progress bar, redrawn in place on a terminal's standard error while a run goes. */

const BAR_WIDTH = 30;
/** Moves to the start of the line and clears it, so the next draw (or the report) starts clean. */
const CLEAR_LINE = '\r\u001b[K';

/** `GOOG  [██████████░░░░░░░░░░░░░░░░░░░░]  34%  730/2,148 bars` */
export function progressLine(label: string, done: number, total: number): string {
  const share = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.floor(share * BAR_WIDTH);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
  const percent = `${Math.floor(share * 100)}%`.padStart(4);
  return `${label}  [${bar}] ${percent}  ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} bars`;
}

export interface ProgressBar {
  /** The run's onProgress: redraws the line. */
  readonly update: (done: number, total: number) => void;
  /** Clears the line, leaving the terminal as it was before the first draw. */
  readonly finish: () => void;
}

/** Draws on `out` (a TTY's stderr: the caller decides whether there is one). */
export function progressBar(out: { write(text: string): unknown }, label: string): ProgressBar {
  let drawn = false;
  return {
    update: (done, total) => {
      out.write(`${CLEAR_LINE}${progressLine(label, done, total)}`);
      drawn = true;
    },
    finish: () => {
      if (drawn) out.write(CLEAR_LINE);
      drawn = false;
    },
  };
}
