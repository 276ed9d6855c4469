import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { createClientOrderIdFactory } from '../../src/domain/client-order-id.js';
import { createSimExchange, type SimExchange } from '../../src/broker/sim/sim-exchange.js';
import { ManualClock } from '../../src/core/clock.js';
import { Engine } from '../../src/core/engine.js';
import { runCommand } from '../../src/app/command-runner.js';

let sim: SimExchange;
let engine: Engine;
let clock: ManualClock;

async function start(): Promise<void> {
  clock = new ManualClock();
  sim = createSimExchange({ clock, seed: 3 });
  sim.setQuote('AAPL', { bid: dec('187.40'), ask: dec('187.44'), last: dec('187.42') });
  engine = new Engine({
    broker: sim,
    clock,
    newClientOrderId: createClientOrderIdFactory(() => clock.now()),
    restored: { orders: [], portfolio: undefined, nextSeq: 1, watchlist: ['AAPL'] },
  });
  await engine.start();
}

afterEach(async () => {
  await engine.stop();
  await sim.close();
});

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
    await start();
    const outcome = await runCommand(engine, text);
    expect(outcome.ok).toBe(false);
    expect(outcome.text).toMatch(message);
    expect(outcome.text).not.toContain('\n');
    expect(sim.ledger().orders).toHaveLength(0);
  });

  it('sends a valid order and answers with its row number', async () => {
    await start();
    const outcome = await runCommand(engine, 'buy 10 AAPL');
    expect(outcome).toMatchObject({ ok: true });
    expect(outcome.text).toMatch(/^#1 BUY 10 AAPL sent/);
    expect(sim.ledger().orders).toHaveLength(1);
  });

  it('cancel all with nothing working says so', async () => {
    await start();
    expect(await runCommand(engine, 'cancel all')).toEqual({ ok: true, text: 'no working orders to cancel' });
  });

  it('quit asks the console to leave', async () => {
    await start();
    expect(await runCommand(engine, 'quit')).toMatchObject({ ok: true, quit: true });
  });
});
