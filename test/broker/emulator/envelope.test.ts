import { afterEach, describe, expect, it } from 'vitest';
import { AlpacaTrading } from '../../../src/broker/alpaca/alpaca-trading.js';
import { createEmulatorServer, type EmulatorServer } from '../../../src/broker/emulator/emulator-server.js';
import { parseEmulatorFaults } from '../../../src/broker/emulator/emulator-faults.js';
import { BrokerError } from '../../../src/broker/errors.js';
import { createSimExchange } from '../../../src/broker/sim/sim-exchange.js';
import { ManualClock } from '../../../src/kernel/clock.js';

const running: EmulatorServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

describe("the emulator's error envelope", () => {
  it("answers the simulator's injected 429 with its own Retry-After, not the end of the rate-limit minute", async () => {
    const clock = new ManualClock();
    const server = await createEmulatorServer({ clock, createExchange: (seed) => createSimExchange({ clock, seed, universe: [{ symbol: 'AAPL', price: '100.00' }] }) });
    running.push(server);
    server.accounts.setFaults(parseEmulatorFaults('rateLimited=1,retryAfter=2500ms'));
    const response = await fetch(`${server.url}/v2/account`, { headers: { 'APCA-API-KEY-ID': 'alice', 'APCA-API-SECRET-KEY': 'secret-alice' } });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    const alpaca = new AlpacaTrading({ baseUrl: server.url, keyId: 'alice', secret: 'secret-alice', mode: 'paper', clock });
    const error = await alpaca.getAccount().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BrokerError);
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 3_000 });
  });
});
