import type { Feedback } from '../store/console-store.js';
import type { InputDescription } from '../store/console-actions.js';
import { fit, keepTail, type Color, type Segment } from './segments.js';

export interface PromptMessage {
  readonly text: string;
  readonly tone: 'preview' | 'hint' | 'error' | 'ok';
}

export interface PromptState {
  readonly text: string;
  readonly description: InputDescription;
  /** The store's latest feedback and whether the trader has typed since it arrived. */
  readonly feedback: Feedback | undefined;
  readonly feedbackDismissed: boolean;
  /** A submit that failed outright (the app's promise rejected) rather than answering with feedback. */
  readonly failure: string | undefined;
}

/** What the right-hand side of the command line says: a failure, the live preview, or the last outcome. */
export function promptMessage(state: PromptState): PromptMessage | undefined {
  if (state.failure !== undefined) return { text: state.failure, tone: 'error' };
  if (state.text !== '') {
    const { description } = state;
    return description.kind === 'empty' ? undefined : { text: description.text, tone: description.kind };
  }
  if (state.feedback === undefined || state.feedbackDismissed) return undefined;
  return { text: state.feedback.text, tone: state.feedback.ok ? 'ok' : 'error' };
}

const TONE_COLORS: Readonly<Record<PromptMessage['tone'], Color>> = {
  preview: 'cyan',
  hint: 'gray',
  error: 'red',
  ok: 'green',
};

const PROMPT = ' > ';
const HELP = '? help';
/** The typed text gets at least this share of the line, so the preview starts in a steady place. */
const INPUT_SHARE = 0.4;
const MIN_MESSAGE = 8;

/** ` > typed█      preview…      ? help`, exactly `width` characters. */
export function promptLine(text: string, message: PromptMessage | undefined, width: number): Segment[] {
  const room = width - PROMPT.length - HELP.length - 1;
  const inputWidth = Math.min(room, Math.max(text.length + 1, Math.floor(width * INPUT_SHARE)));
  const shown = keepTail(text, inputWidth - 1);
  const out: Segment[] = [
    { text: PROMPT, bold: true },
    { text: shown },
    { text: ' ', inverse: true },
    { text: ' '.repeat(Math.max(0, inputWidth - 1 - shown.length)) },
  ];
  const messageWidth = room - inputWidth - 2;
  if (message !== undefined && messageWidth >= MIN_MESSAGE) {
    const body = fit(message.text, messageWidth);
    out.push({ text: '  ' }, { text: body, color: TONE_COLORS[message.tone] });
  } else {
    out.push({ text: ' '.repeat(Math.max(0, messageWidth + 2)) });
  }
  out.push({ text: HELP, dim: true }, { text: ' ' });
  return out;
}
