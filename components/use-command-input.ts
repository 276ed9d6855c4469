import { useCallback, useMemo, useRef, useState } from 'react';
import { useInput, useStdin, type Key } from 'ink';
import type { ConsoleActions } from '../store/console-actions.js';
import type { ConsoleStore, Feedback } from '../store/console-store.js';
import { backspace, editLine, type LineEdit } from './line-editor.js';

export interface CommandInput {
  readonly text: string;
  /** The feedback that was current at the last keystroke: it has been seen, only newer feedback shows. */
  readonly dismissedFeedback: Feedback | undefined;
  readonly failure: string | undefined;
}

function failureText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The command line's keyboard handling. The buffer lives in a ref as well as in state: several
 * chunks can arrive before React re-renders, and each must edit the latest text, not a stale copy.
 */
export function useCommandInput(store: ConsoleStore, actions: ConsoleActions): CommandInput {
  const { isRawModeSupported } = useStdin();
  const buffer = useRef('');
  const [text, setText] = useState('');
  const [dismissedFeedback, setDismissedFeedback] = useState<Feedback | undefined>(undefined);
  const [failure, setFailure] = useState<string | undefined>(undefined);

  const handleInput = useCallback(
    (input: string, key: Key) => {
      if (key.ctrl && input === 'c') {
        actions.quit();
        return;
      }
      let edit: LineEdit;
      if (key.escape) edit = { buffer: '', submitted: [] };
      // tmux and many terminals send DEL for Backspace, which Ink reports as `delete`.
      else if (key.backspace || key.delete) edit = { buffer: backspace(buffer.current), submitted: [] };
      else if (key.ctrl || key.meta) return;
      else edit = editLine(buffer.current, input);

      buffer.current = edit.buffer;
      setText(edit.buffer);
      // Read before submitting: feedback the submit produces is newer and must stay visible.
      setDismissedFeedback(store.getState().feedback);
      setFailure(undefined);
      for (const line of edit.submitted) {
        void actions.submit(line).then(undefined, (error: unknown) => setFailure(failureText(error)));
      }
    },
    [store, actions],
  );

  // Without a TTY on stdin Ink cannot enter raw mode and would throw; the console is then view-only.
  useInput(handleInput, { isActive: isRawModeSupported });
  return useMemo(() => ({ text, dismissedFeedback, failure }), [text, dismissedFeedback, failure]);
}
