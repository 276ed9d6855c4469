import { memo } from 'react';
import { QUIT_CANCEL_WAIT_MS } from '../store/quit-after-cancel.js';
import { workingOrderCount } from '../store/selectors.js';
import type { QuitStep } from '../store/ui-store.js';
import { useConsole } from './console-context.js';
import { Line } from './Line.js';
import { fit, type Segment } from './segments.js';

const TAG = ' QUIT ';

function orders(n: number): string {
  return `${n} working order${n === 1 ? '' : 's'}`;
}

/** The quit prompt's row, exactly `width` wide: what is working and the three ways on, or the wait for the cancels. */
export function quitLine(step: QuitStep, working: number, width: number): Segment[] {
  const text =
    step.step === 'ask'
      ? ` ${orders(working)}:  l leave ${working === 1 ? 'it' : 'them'} working · c cancel, then quit · Esc stay`
      : ` cancelling ${orders(working)}… leaving once the exchange confirms (at most ${QUIT_CANCEL_WAIT_MS / 1000} s)`;
  return [
    { text: TAG, bold: true, inverse: true, color: 'yellow' },
    { text: fit(text, Math.max(0, width - TAG.length)), color: 'yellow' },
  ];
}

/** Takes the command row while quitting waits on the trader's choice, or on the exchange's cancels. */
export const QuitPrompt = memo(function QuitPrompt({ step, width }: { readonly step: QuitStep; readonly width: number }) {
  const working = useConsole((s) => workingOrderCount(s.orders));
  return <Line segments={quitLine(step, working, width)} />;
});
