import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { createClientOrderIdFactory } from '../../src/domain/client-order-id.js';
import { BrokerError } from '../../src/broker/errors.js';
import type { Broker } from '../../src/broker/port.js';
import { createSimExchange, type SimExchange } from '../../src/broker/sim/sim-exchange.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { Engine } from '../../src/core/engine.js';
import type { LogEntry } from '../../src/kernel/log-entry.js';
import { MAX_LOG_TEXT } from '../../src/core/trader-log.js';
import { createRedactor, secretsFromEnv, type Redactor } from '../../src/kernel/redact.js';

// Fake credentials shaped like Alpaca's: a key id and a secret key.
const FAKE_KEY_ID = 'PK1234567890ABCDEFGH';
const FAKE_SECRET = 'fAkEsEcReT0123456789abcdefGHIJKLMNOPqrst';

interface Started {
  readonly engine: Engine;
  readonly clock: ManualClock;
  readonly logs: LogEntry[];
}

const stops: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** A started engine on the simulator whose broker, this once, refuses every order echoing the key it was sent. */
async function start(redact?: Redactor): Promise<Started> {
  const clock = new ManualClock();
  const sim: SimExchange = createSimExchange({ clock, seed: 7 });
  sim.setQuote('AAPL', { bid: dec('187.40'), ask: dec('187.44'), last: dec('187.42'), bidSize: dec(500), askSize: dec(500) });
  const broker: Broker = new Proxy(sim, {
    get(target, property, receiver) {
      if (property === 'submitOrder') return () => Promise.reject(new BrokerError('rejected', `key ${FAKE_KEY_ID} may not trade`, { status: 403 }));
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  const engine = new Engine({
    broker,
    marketData: sim,
    clock,
    newClientOrderId: createClientOrderIdFactory(() => clock.now()),
    restored: { orders: [], portfolio: undefined, nextSeq: 1, watchlist: ['AAPL'] },
    ...(redact !== undefined && { redact }),
  });
  const logs: LogEntry[] = [];
  engine.subscribe((event) => {
    if (event.type === 'log') logs.push(event.entry);
  });
  await engine.start();
  stops.push(async () => {
    await engine.stop();
    await sim.close();
  });
  return { engine, clock, logs };
}

describe("the core's log entries", () => {
  it('carry the configured keys redacted, whether typed, pasted or echoed by the broker', async () => {
    const { engine, clock, logs } = await start(createRedactor(secretsFromEnv({ APCA_API_KEY_ID: FAKE_KEY_ID, APCA_API_SECRET_KEY: FAKE_SECRET })));
    engine.halt(FAKE_SECRET);
    engine.resume();
    engine.note('info', `checked ${FAKE_KEY_ID.toLowerCase()}`);
    const placing = engine.place({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: dec(10) });
    await expect(placing).rejects.toThrow();
    await clock.advanceAsync(100, 5);

    const texts = logs.map((entry) => entry.text);
    expect(texts).toContainEqual(expect.stringMatching(/^trading halted \(\[redacted\]\): new orders are refused/));
    expect(texts).toContain('checked [redacted]');
    expect(texts).toContainEqual(expect.stringMatching(/^#1 BUY 10 AAPL rejected: key \[redacted\] may not trade$/));
    for (const text of texts) {
      expect(text.toUpperCase()).not.toContain(FAKE_KEY_ID);
      expect(text).not.toContain(FAKE_SECRET);
    }
  });

  it('redact credential shapes even when no key is configured', async () => {
    const { engine, logs } = await start();
    engine.note('warn', 'GET /v2/stream?key=abc123def&secret=zzz999yyy failed');
    expect(logs.at(-1)?.text).toBe('GET /v2/stream?key=[redacted]&secret=[redacted] failed');
  });

  it(`are at most ${MAX_LOG_TEXT} characters, cut after the redaction so no part of a key is left`, async () => {
    const { engine, logs } = await start(createRedactor([FAKE_KEY_ID]));
    engine.note('error', 'x'.repeat(100_000));
    expect(logs.at(-1)?.text).toBe(`${'x'.repeat(MAX_LOG_TEXT - 1)}…`);
    engine.note('error', `${'x'.repeat(MAX_LOG_TEXT - 5)}${FAKE_KEY_ID} and more`);
    expect(logs.at(-1)?.text).toBe(`${'x'.repeat(MAX_LOG_TEXT - 5)}[red…`);
  });
});
