import { MAX_LINE_LENGTH } from '../src/command/clip.js';
import { characterCount } from '../src/kernel/clip-text.js';
import { completeWord } from '../store/completion.js';
import { ask, notice, requestQuit, send, type KeyEnv, type KeyResult } from './key-env.js';
import { cycleFocus } from './pane-keys.js';

/** Short enough to show whole beside a full line on a 100-column screen. */
export const AT_MAXIMUM = `line at its maximum of ${MAX_LINE_LENGTH} characters`;

/** The line's new text; one that would grow past MAX_LINE_LENGTH is not taken, and the prompt says why. */
export function setText(env: KeyEnv, text: string): void {
  if (text.length > env.ui.getState().text.length && characterCount(text) > MAX_LINE_LENGTH) {
    notice(env, AT_MAXIMUM, 'warn');
    return;
  }
  env.ui.setState({ text, historyCursor: undefined });
}

/** Enter: the console answers `help` and `quit` itself; anything that must be confirmed waits for `y`. */
export function submitLine(env: KeyEnv): KeyResult {
  const line = env.ui.getState().text.trim();
  setText(env, '');
  if (line === '') return 'handled';
  const description = env.actions.describe(line);
  if (description.intent === 'help') {
    env.ui.setState({ help: { scroll: 0 } });
    return 'handled';
  }
  if (description.intent === 'quit') {
    requestQuit(env);
    return 'end-chunk';
  }
  // Only lines that parse are kept: ↑ should bring back commands, not typos.
  if (description.kind === 'preview') env.history.add(line);
  if (description.confirm !== undefined) return ask(env, line, description.confirm, line);
  send(env, line);
  return 'handled';
}

/** Tab: completes the word being typed; with none (or on a pane) moves focus on. */
export function completeOrFocus(env: KeyEnv): void {
  const ui = env.ui.getState();
  const completion = ui.focus === 'command' ? completeWord(ui.text, env.store.getState()) : undefined;
  if (completion === undefined) {
    cycleFocus(env, 1);
  } else if (completion.text !== ui.text) {
    setText(env, completion.text);
  } else {
    const word = /\S+$/.exec(ui.text)?.[0] ?? '';
    notice(env, completion.candidates.length === 0 ? `nothing known starts with '${word}'` : completion.candidates.join(' '));
  }
}

/** ↑/↓: older and newer lines; past the newest, the line that was being typed comes back. */
export function browseHistory(env: KeyEnv, step: 1 | -1): void {
  const entries = env.history.entries();
  const { historyCursor: cursor, text } = env.ui.getState();
  if (cursor === undefined) {
    if (step > 0 || entries.length === 0) return;
    env.ui.setState({ historyCursor: { index: entries.length - 1, draft: text }, text: entries.at(-1) ?? '' });
    return;
  }
  const index = cursor.index + step;
  if (index >= entries.length) env.ui.setState({ historyCursor: undefined, text: cursor.draft });
  else if (index >= 0) env.ui.setState({ historyCursor: { ...cursor, index }, text: entries[index] ?? '' });
}
