import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/app/command-runner.js';
import { MAX_ANSWER_LENGTH } from '../../src/command/clip.js';
import { startSimEngine, type SimEngine } from '../support/sim-engine.js';

let harness: SimEngine;
const sentToExchange = (): number => harness.sim.ledger().orders.length;
const run = (text: string) => runCommand(harness.engine, text);

beforeEach(async () => {
  harness = await startSimEngine({ seed: 3 });
});

afterEach(() => harness.stop());

describe('runCommand', () => {
  it.each([
    ['buy -5 AAPL', /positive/],
    ['buy 10', /symbol/],
    ['sell ten MSFT', /'ten' is not a quantity/],
    ['buy 10 AAPL @ abc', /'abc' is not a price/],
    ['buy 10 ZZZZ', /unknown symbol ZZZZ/],
    ['frobnicate', /unknown command/i],
    ['cancel #42', /no order #42/],
  ])('answers %j with a one-line error and sends nothing', async (text, message) => {
    const outcome = await run(text);
    expect(outcome.ok).toBe(false);
    expect(outcome.text).toMatch(message);
    expect(outcome.text).not.toContain('\n');
    expect(sentToExchange()).toBe(0);
  });

  it('sends a valid order and answers with its row number', async () => {
    const outcome = await run('buy 10 AAPL');
    expect(outcome).toMatchObject({ ok: true });
    expect(outcome.text).toMatch(/^#1 BUY 10 AAPL sent/);
    expect(sentToExchange()).toBe(1);
  });

  it('cancel all with nothing working says so', async () => {
    expect(await run('cancel all')).toEqual({ ok: true, text: 'no working orders to cancel' });
  });

  it('quit asks the console to leave', async () => {
    expect(await run('quit')).toMatchObject({ ok: true, quit: true });
  });

  it('refuses a huge line in one short line that names its length and the maximum, and sends nothing', async () => {
    const outcome = await run(`buy 1 AAPL ${'x'.repeat(50_000)}`);
    expect(outcome).toEqual({
      ok: false,
      text: `line is 50,011 characters; a command is at most 500, so nothing was sent: 'buy 1 AAPL ${'x'.repeat(28)}…'`,
    });
    expect(sentToExchange()).toBe(0);
  });

  it('keeps every answer short, clipping a long one where the trader can see it was cut', async () => {
    const symbols = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL', 'META', 'TSLA', 'SPY', 'QQQ', 'AMD', 'JPM', 'KO'];
    for (const symbol of symbols) expect(await run(`buy 1 ${symbol}`)).toMatchObject({ ok: true });
    await harness.advance(500);
    const outcome = await run('flatten all');
    expect(outcome.ok).toBe(true);
    expect(outcome.text).toHaveLength(MAX_ANSWER_LENGTH);
    expect(outcome.text).toMatch(/^flatten: #13 SELL 1 AAPL \(1 to close\); .*…$/);
  });

  it('answers a resume that cannot lift a block with why, as a refusal', async () => {
    harness.engine.blockTrading('the profile cannot be saved: disk full');
    expect(await run('resume')).toEqual({
      ok: false,
      text: 'trading stays halted: the profile cannot be saved: disk full — resume cannot lift this',
    });
  });
});
