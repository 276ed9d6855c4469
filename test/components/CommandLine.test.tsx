import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { freshStore, recordingActions, renderApp, tick } from './fixtures.js';

afterEach(() => cleanup());

const size = { columns: 100, rows: 30 };

async function setup(answer?: Parameters<typeof recordingActions>[1]) {
  const store = freshStore();
  const record = recordingActions(store, answer);
  const app = await renderApp(store, record.actions, { size });
  const commandLine = (): string => app.lines().at(-1) ?? '';
  return { store, record, app, commandLine };
}

describe('the command line', () => {
  it('shows what is typed with the live preview from describe()', async () => {
    const { record, app, commandLine } = await setup();
    for (const char of 'buy 10 AAPL') await app.type(char);
    expect(commandLine()).toMatch(/^ > buy 10 AAPL\s+PREVIEW BUY 10 AAPL\s+\? help$/);
    expect(record.described.at(-1)).toBe('buy 10 AAPL');
    expect(record.submitted).toEqual([]);
  });

  it('shows why the line cannot be parsed while it is wrong', async () => {
    const { app, commandLine } = await setup();
    await app.type('bad 10');
    expect(commandLine()).toContain('cannot parse "bad 10"');
  });

  it('submits once on Enter and clears the line', async () => {
    const { record, app, commandLine } = await setup();
    await app.type('buy 10 AAPL');
    await app.type('\r');
    expect(record.submitted).toEqual(['buy 10 AAPL']);
    expect(commandLine()).toMatch(/^ >\s+done: buy 10 AAPL\s+\? help$/);
    expect(commandLine()).not.toContain('> buy');
  });

  it('applies a burst chunk character by character, backspace included', async () => {
    const { record, app } = await setup();
    await app.type('buy 1\x7f2 AAPL\r');
    expect(record.submitted).toEqual(['buy 2 AAPL']);
  });

  it('sends a line only once when two Enters arrive in one chunk', async () => {
    const { record, app } = await setup();
    await app.type('x\r\r');
    expect(record.submitted).toEqual(['x']);
  });

  it('sends nothing for an empty or blank line', async () => {
    const { record, app } = await setup();
    await app.type('\r');
    await app.type('   \r');
    expect(record.submitted).toEqual([]);
  });

  it('sends each line of a pasted chunk, in order', async () => {
    const { record, app, commandLine } = await setup();
    await app.type('buy 1 AAPL\nsell 2 MSFT\rcan');
    expect(record.submitted).toEqual(['buy 1 AAPL', 'sell 2 MSFT']);
    expect(commandLine()).toMatch(/^ > can\s+PREVIEW CAN/);
  });

  it('treats DEL (tmux BSpace, reported as delete) and BS as backspace', async () => {
    const { record, app, commandLine } = await setup();
    await app.type('buy 10 AAPLX');
    await app.type('\x7f');
    expect(commandLine()).toMatch(/^ > buy 10 AAPL\s/);
    await app.type('\b');
    await app.type('\b');
    await app.type('\r');
    expect(record.submitted).toEqual(['buy 10 AA']);
  });

  it('clears the line on Esc without sending it', async () => {
    const { record, app, commandLine } = await setup();
    await app.type('cancel all');
    await app.type('\x1b');
    await tick();
    expect(commandLine()).toMatch(/^ >\s+\? help$/);
    await app.type('\r');
    expect(record.submitted).toEqual([]);
  });

  it('ignores other control keys', async () => {
    const { app, commandLine } = await setup();
    await app.type('ab');
    await app.type('\x01');
    await app.type('\t');
    await app.type('c');
    expect(commandLine()).toMatch(/^ > abc\s/);
  });

  it('leaves on quit without sending it when nothing is working', async () => {
    const store = freshStore();
    const record = recordingActions(store);
    const actions = { ...record.actions, describe: (text: string) => (text === 'quit' ? { kind: 'preview' as const, text: 'QUIT', intent: 'quit' as const } : record.actions.describe(text)) };
    const app = await renderApp(store, actions, { size });
    await app.type('quit\r');
    expect(record.submitted).toEqual([]);
    expect(record.quits).toBe(1);
  });

  it('asks the application to quit on the second Ctrl-C', async () => {
    const { record, app } = await setup();
    await app.type('buy');
    await app.type('\x03');
    expect(record.quits).toBe(0);
    await app.type('\x03');
    expect(record.quits).toBe(1);
    expect(record.submitted).toEqual([]);
  });

  it('shows an error answer until the next keystroke', async () => {
    const { app, commandLine } = await setup((text) => ({ ok: false, text: `refused: ${text} exceeds buying power`, at: 2 }));
    await app.type('buy 9999 AAPL\r');
    expect(commandLine()).toContain('refused: buy 9999 AAPL exceeds buying power');
    await app.type('s');
    expect(commandLine()).not.toContain('refused');
    await app.type('\x7f');
    expect(commandLine()).not.toContain('refused');
  });

  it('shows feedback that arrives after Enter, even though the answer is asynchronous', async () => {
    const { store, app, commandLine } = await setup();
    store.setState({ feedback: { ok: true, text: 'old news', at: 1 } });
    await app.type('x');
    await app.type('\x7f');
    expect(commandLine()).not.toContain('old news');
    store.setState({ feedback: { ok: true, text: 'canceled #12', at: 3 } });
    await tick();
    expect(commandLine()).toContain('canceled #12');
  });

  it('shows a failed submit (a rejected promise) as an error', async () => {
    const { app, commandLine } = await setup(() => new Error('engine stopped'));
    await app.type('buy 1 AAPL\r');
    await tick();
    expect(commandLine()).toContain('engine stopped');
  });

  it('keeps the end of a line longer than the screen in view', async () => {
    const { app, commandLine } = await setup();
    const long = `watch ${Array.from({ length: 30 }, (_, i) => `SYM${i}`).join(' ')}`;
    await app.type(long);
    expect(commandLine()).toContain('SYM29');
    expect(commandLine()).toContain('…');
    expect(commandLine().length).toBeLessThanOrEqual(100);
  });
});
