import './force-color.js';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { MAX_LINE_LENGTH } from '../../src/command/clip.js';
import { AT_MAXIMUM } from '../../components/command-line-keys.js';
import { freshStore } from './fixtures.js';
import { consoleActions, KEY, renderConsole, tradingDay } from './keyboard-fixtures.js';

afterEach(() => cleanup());

async function setup() {
  const store = freshStore();
  tradingDay(store);
  const record = consoleActions(store);
  const screen = await renderConsole(store, record.actions, { size: { columns: 100, rows: 30 } });
  return { record, screen };
}

const halt = (length: number): string => `halt ${'x'.repeat(length - 5)}`;

describe('the command line at its maximum length', () => {
  it('takes a paste only up to the maximum, says so, and sends exactly what it kept', async () => {
    const { record, screen } = await setup();
    await screen.type(halt(MAX_LINE_LENGTH + 100));
    expect(screen.commandRow()).toContain(AT_MAXIMUM);
    await screen.press(KEY.enter);
    expect(record.sent).toEqual([halt(MAX_LINE_LENGTH)]);
  });

  it('adds no key typed at the maximum, and takes keys again once there is room', async () => {
    const { record, screen } = await setup();
    await screen.type(halt(MAX_LINE_LENGTH));
    expect(screen.commandRow()).not.toContain(AT_MAXIMUM);
    await screen.press('y');
    expect(screen.commandRow()).toContain(AT_MAXIMUM);
    await screen.press(KEY.backspace, 'z');
    expect(screen.commandRow()).not.toContain(AT_MAXIMUM);
    await screen.press(KEY.enter);
    expect(record.sent).toEqual([`${halt(MAX_LINE_LENGTH - 1)}z`]);
  });

  it('still sends each line of a pasted burst, the long one cut to the maximum', async () => {
    const { record, screen } = await setup();
    await screen.type(`buy 1 AAPL\r${halt(50_000)}\rsell 1 MSFT\r`);
    expect(record.sent).toEqual(['buy 1 AAPL', halt(MAX_LINE_LENGTH), 'sell 1 MSFT']);
  });

  it('does not let Tab complete a line past the maximum', async () => {
    const { screen } = await setup();
    await screen.type(`${halt(MAX_LINE_LENGTH - 3)} a`);
    await screen.press(KEY.tab);
    expect(screen.commandRow()).toContain(AT_MAXIMUM);
    expect(screen.commandRow()).toMatch(/x a +line at its/);
  });
});
