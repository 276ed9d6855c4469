import { memo, useMemo } from 'react';
import type { Feedback } from '../store/console-store.js';
import type { Notice } from '../store/ui-store.js';
import { useConsole, useConsoleActions } from './console-context.js';
import { Line } from './Line.js';
import { promptLine, promptMessage } from './prompt.js';

export interface CommandLineProps {
  readonly text: string;
  readonly dismissedFeedback: Feedback | undefined;
  readonly failure: string | undefined;
  readonly notice: Notice | undefined;
  readonly quitArmed: boolean;
  /** The focused pane's keys; undefined while the command line has focus. */
  readonly paneHints: string | undefined;
  readonly width: number;
}

/** Draws the command line; its keys are handled by useKeyboard, which stays mounted at any size. */
export const CommandLine = memo(function CommandLine({ text, dismissedFeedback, failure, notice, quitArmed, paneHints, width }: CommandLineProps) {
  const actions = useConsoleActions();
  const feedback = useConsole((s) => s.feedback);
  const description = useMemo(() => actions.describe(text), [actions, text]);
  const message = promptMessage({
    text,
    description,
    feedback,
    feedbackDismissed: feedback === dismissedFeedback,
    failure,
    ...(notice !== undefined && { notice }),
    quitArmed,
    ...(paneHints !== undefined && { paneHints }),
  });
  return <Line segments={promptLine(text, message, width, paneHints === undefined)} />;
});
