import { memo } from 'react';
import { QUIT_CANCEL_WAIT_MS } from '../store/quit-after-cancel.js';
import { ordersLeftOnQuit, strategiesStoppedOnQuit } from '../store/quit-question.js';
import { workingOrderCount } from '../store/selectors.js';
import type { QuitStep } from '../store/ui-store.js';
import { useConsole } from './console-context.js';
import { Line } from './Line.js';
import { fit, type Segment } from './segments.js';

const TAG = ' QUIT ';

function orders(n: number): string {
  return `${n} working order${n === 1 ? '' : 's'}`;
}

function strategies(n: number): string {
  return `${n} strateg${n === 1 ? 'y' : 'ies'}`;
}

/** What quitting would leave working and stop, as the prompt counts them. */
export interface QuitCounts {
  /** Working orders the quit would leave at the exchange (not those of a strategy it stops). */
  readonly left: number;
  /** Every working order: what `c` cancels. */
  readonly working: number;
  readonly strategies: number;
}

function promptText(step: QuitStep, counts: QuitCounts): string {
  const { left, working } = counts;
  switch (step.step) {
    case 'confirm': {
      const one = counts.strategies === 1;
      return ` ${strategies(counts.strategies)} running: ${one ? 'it' : 'they'} will be stopped (${one ? 'its' : 'their'} working orders cancelled) — quit? y/n`;
    }
    case 'ask': {
      const them = left === 1 ? 'it' : 'them';
      if (counts.strategies === 0) return ` ${orders(left)}:  l leave ${them} working · c cancel, then quit · Esc stay`;
      // Shorter, so the three keys still fit at 100 columns.
      return ` ${strategies(counts.strategies)} stop · ${left} other order${left === 1 ? '' : 's'} working:  l leave ${them} · c cancel, then quit · Esc stay`;
    }
    case 'cancelling':
      return ` cancelling ${orders(working)}… leaving once the exchange confirms (at most ${QUIT_CANCEL_WAIT_MS / 1000} s)`;
  }
}

/** The quit prompt's row, exactly `width` wide: what is working or running and the ways on, or the wait for the cancels. */
export function quitLine(step: QuitStep, counts: QuitCounts, width: number): Segment[] {
  return [
    { text: TAG, bold: true, inverse: true, color: 'yellow' },
    { text: fit(promptText(step, counts), Math.max(0, width - TAG.length)), color: 'yellow' },
  ];
}

/** Takes the command row while quitting waits on the trader's choice, or on the exchange's cancels. */
export const QuitPrompt = memo(function QuitPrompt({ step, width }: { readonly step: QuitStep; readonly width: number }) {
  const left = useConsole(ordersLeftOnQuit);
  const working = useConsole((s) => workingOrderCount(s.orders));
  const running = useConsole(strategiesStoppedOnQuit);
  return <Line segments={quitLine(step, { left, working, strategies: running }, width)} />;
});
