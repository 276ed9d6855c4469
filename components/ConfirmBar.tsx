import { memo } from 'react';
import type { PendingConfirm } from '../store/ui-store.js';
import { Line } from './Line.js';
import { fit, type Segment } from './segments.js';

const TAG = ' CONFIRM ';
const KEYS = "  y: send  other: don't ";

/**
 * ` CONFIRM  cancel all  — cancels 3 working orders      y: send  other: don't `,
 * exactly `width` wide. The command is shown as it will be sent and is cut last.
 */
export function confirmLine(confirm: Pick<PendingConfirm, 'command' | 'reason'>, width: number): Segment[] {
  const room = Math.max(0, width - TAG.length - KEYS.length);
  const command = fit(` ${confirm.command}`, room).trimEnd();
  const reason = fit(`  — ${confirm.reason}`, room - command.length);
  return [
    { text: TAG, bold: true, inverse: true, color: 'yellow' },
    { text: command, bold: true },
    { text: reason, color: 'yellow' },
    { text: fit(KEYS, width - TAG.length - command.length - reason.length), dim: true },
  ];
}

/** Takes the command row while an action waits for `y`. */
export const ConfirmBar = memo(function ConfirmBar({ confirm, width }: { readonly confirm: PendingConfirm; readonly width: number }) {
  return <Line segments={confirmLine(confirm, width)} />;
});
