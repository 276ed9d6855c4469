import type { Feedback } from '../store/console-store.js';
import type { CommandDescription } from '../store/console-actions.js';
import type { Notice } from '../store/ui-store.js';
import { fit, keepTail, type Color, type Segment } from './segments.js';

export interface PromptMessage {
  readonly text: string;
  readonly tone: 'preview' | 'hint' | 'error' | 'ok' | 'warn';
  /** Shown after the text in the warning colour, and kept whole before the text is cut. */
  readonly warning?: string;
}

export interface PromptState {
  readonly text: string;
  readonly description: CommandDescription;
  /** The store's latest feedback and whether the trader has typed since it arrived. */
  readonly feedback: Feedback | undefined;
  readonly feedbackDismissed: boolean;
  /** A submit that failed outright (the app's promise rejected) rather than answering with feedback. */
  readonly failure: string | undefined;
  /** The keyboard layer's answer to the last key ("nothing to cancel", the completions of a word). */
  readonly notice?: Notice;
  /** Ctrl-C was pressed once: the next press quits. */
  readonly quitArmed?: boolean;
  /** The keys of the focused pane, when a pane rather than the command line has focus. */
  readonly paneHints?: string;
}

export const QUIT_ARMED_TEXT = 'press Ctrl-C again to quit';

/**
 * What the right-hand side of the command line says, most urgent first: a pending quit, a failure,
 * the answer to the last key, then the live preview of the typed line (or, while a pane has focus,
 * its keys), then the last outcome until it has been seen.
 */
export function promptMessage(state: PromptState): PromptMessage | undefined {
  if (state.quitArmed === true) return { text: QUIT_ARMED_TEXT, tone: 'warn' };
  if (state.failure !== undefined) return { text: state.failure, tone: 'error' };
  if (state.notice !== undefined) return { text: state.notice.text, tone: state.notice.tone };
  const fresh = state.feedback !== undefined && !state.feedbackDismissed ? state.feedback : undefined;
  if (state.paneHints !== undefined) {
    return fresh !== undefined ? { text: fresh.text, tone: fresh.ok ? 'ok' : 'error' } : { text: state.paneHints, tone: 'hint' };
  }
  if (state.text !== '') {
    const { description } = state;
    if (description.kind === 'empty') return undefined;
    return { text: description.text, tone: description.kind, ...(description.warning !== undefined && { warning: description.warning }) };
  }
  if (fresh === undefined) return undefined;
  return { text: fresh.text, tone: fresh.ok ? 'ok' : 'error' };
}

const TONE_COLORS: Readonly<Record<PromptMessage['tone'], Color>> = {
  preview: 'cyan',
  hint: 'gray',
  error: 'red',
  ok: 'green',
  warn: 'yellow',
};

const PROMPT = ' > ';
const HELP = '? help';
/** The typed text gets at least this share of the line, so the preview starts in a steady place. */
const INPUT_SHARE = 0.4;
/** A line longer than the screen leaves the message this share: what is wrong with it matters most then. */
const MESSAGE_SHARE = 0.45;
const MIN_MESSAGE = 8;

/**
 * ` > typed█      preview…      ? help`, exactly `width` characters. Without focus (a pane has it)
 * the prompt is dimmed and has no cursor, so it is plain where typed letters go.
 */
export function promptLine(text: string, message: PromptMessage | undefined, width: number, focused = true): Segment[] {
  const room = width - PROMPT.length - HELP.length - 1;
  // Unfocused, the message (the pane's keys) gets the room an empty line would keep free for typing.
  const minInput = focused ? Math.floor(width * INPUT_SHARE) : 0;
  const maxInput = message === undefined ? room : room - 2 - Math.floor(width * MESSAGE_SHARE);
  const inputWidth = Math.min(room, Math.max(Math.min(text.length + 1, maxInput), minInput));
  const shown = keepTail(text, inputWidth - 1);
  const out: Segment[] = [
    { text: PROMPT, bold: focused, dim: !focused },
    { text: shown, dim: !focused },
    { text: ' ', inverse: focused },
    { text: ' '.repeat(Math.max(0, inputWidth - 1 - shown.length)) },
  ];
  const messageWidth = room - inputWidth - 2;
  if (message !== undefined && messageWidth >= MIN_MESSAGE) {
    out.push({ text: '  ' }, ...messageSegments(message, messageWidth));
  } else {
    out.push({ text: ' '.repeat(Math.max(0, messageWidth + 2)) });
  }
  out.push({ text: HELP, dim: true }, { text: ' ' });
  return out;
}

/**
 * The message, exactly `width` wide. A warning is what must be read before Enter, so it keeps its
 * room and the text before it is cut first, or left out when too little of it would show.
 */
function messageSegments(message: PromptMessage, width: number): Segment[] {
  const color = TONE_COLORS[message.tone];
  if (message.warning === undefined) return [{ text: fit(message.text, width), color }];
  const textWidth = width - message.warning.length - 2;
  if (textWidth < MIN_MESSAGE) return [{ text: fit(message.warning, width), color: TONE_COLORS.warn }];
  const text = fit(message.text, textWidth).trimEnd();
  return [{ text, color }, { text: '  ' }, { text: fit(message.warning, width - text.length - 2), color: TONE_COLORS.warn }];
}
