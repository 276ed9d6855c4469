import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/app/command-runner.js';
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
});
