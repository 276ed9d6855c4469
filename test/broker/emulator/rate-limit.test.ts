import { afterEach, describe, expect, it } from 'vitest';
import { AlpacaTrading } from '../../../src/broker/alpaca/alpaca-trading.js';
import { createEmulatorServer, type EmulatorServer } from '../../../src/broker/emulator/emulator-server.js';
import { BrokerError } from '../../../src/broker/errors.js';
import { createSimExchange } from '../../../src/broker/sim/sim-exchange.js';
import { ManualClock } from '../../../src/kernel/clock.js';

const running: EmulatorServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/** The emulator on fake time, its sims and its rate limit on one ManualClock (2026-01-05T15:00:00Z). */
async function limited(rateLimitPerMinute?: number): Promise<{ clock: ManualClock; server: EmulatorServer }> {
  const clock = new ManualClock();
  const server = await createEmulatorServer({
    createExchange: (seed) => createSimExchange({ clock, seed, universe: [{ symbol: 'AAPL', price: '100.00' }] }),
    clock,
    ...(rateLimitPerMinute !== undefined && { rateLimitPerMinute }),
  });
  running.push(server);
  return { clock, server };
}

async function get(server: EmulatorServer, path: string, key = 'alice'): Promise<Response> {
  return fetch(`${server.url}${path}`, { headers: { 'APCA-API-KEY-ID': key, 'APCA-API-SECRET-KEY': `secret-${key}` } });
}

function limits(response: Response): Record<string, string | null> {
  return {
    limit: response.headers.get('x-ratelimit-limit'),
    remaining: response.headers.get('x-ratelimit-remaining'),
    reset: response.headers.get('x-ratelimit-reset'),
    retryAfter: response.headers.get('retry-after'),
  };
}

/** A minute after the window opened at the clock's start, in unix seconds. */
const RESET = String(Date.UTC(2026, 0, 5, 15, 1, 0) / 1000);

describe('emulator rate limit', () => {
  it("allows Alpaca's 200 requests a minute unless told otherwise", async () => {
    const { server } = await limited();
    expect(limits(await get(server, '/v2/account'))).toEqual({ limit: '200', remaining: '199', reset: RESET, retryAfter: null });
  });

  it('tells every answer, errors too, how much of the budget is left and when it comes back', async () => {
    const { clock, server } = await limited(5);
    expect(limits(await get(server, '/v2/account'))).toEqual({ limit: '5', remaining: '4', reset: RESET, retryAfter: null });
    clock.advance(10_500);
    const missing = await get(server, '/v2/orders/no-such-order');
    expect(missing.status).toBe(404);
    expect(limits(missing)).toEqual({ limit: '5', remaining: '3', reset: RESET, retryAfter: null });
    expect(limits(await get(server, '/v2/nowhere'))).toMatchObject({ remaining: '2' });
  });

  it('answers 429 with Retry-After past the budget, counts no refused request, and refills when the minute is up', async () => {
    const { clock, server } = await limited(2);
    await get(server, '/v2/account');
    await get(server, '/v2/account');
    clock.advance(15_200);
    const refused = await get(server, '/v2/account');
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ code: 42910000, message: 'rate limit exceeded' });
    expect(limits(refused)).toEqual({ limit: '2', remaining: '0', reset: RESET, retryAfter: '45' });
    clock.advance(44_799);
    expect(limits(await get(server, '/v2/account'))).toMatchObject({ remaining: '0', retryAfter: '1' });
    clock.advance(1);
    const refilled = await get(server, '/v2/account');
    expect(refilled.status).toBe(200);
    expect(limits(refilled)).toEqual({ limit: '2', remaining: '1', reset: String(Number(RESET) + 60), retryAfter: null });
  });

  it('keeps a budget per key id', async () => {
    const { server } = await limited(1);
    await get(server, '/v2/account', 'alice');
    expect((await get(server, '/v2/account', 'alice')).status).toBe(429);
    const bob = await get(server, '/v2/account', 'bob');
    expect(bob.status).toBe(200);
    expect(limits(bob)).toMatchObject({ remaining: '0' });
  });

  it('does not count the admin API', async () => {
    const { server } = await limited(1);
    await get(server, '/v2/account');
    const admin = await fetch(`${server.url}/admin/ledger?key=alice`);
    expect(admin.status).toBe(200);
    expect(limits(admin)).toEqual({ limit: null, remaining: null, reset: null, retryAfter: null });
    await fetch(`${server.url}/admin/reset?key=alice`, { method: 'POST' });
    expect((await get(server, '/v2/account')).status).toBe(200);
  });

  it("reaches the Alpaca adapter as a rate_limited refusal that says how long to wait", async () => {
    const { clock, server } = await limited(1);
    const alpaca = new AlpacaTrading({ baseUrl: server.url, keyId: 'alice', secret: 'secret-alice', mode: 'paper', clock });
    await alpaca.getAccount();
    const error = await alpaca.getAccount().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BrokerError);
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 60_000 });
  });

  it('refuses a limit that is not a whole number of requests', async () => {
    await expect(limited(0)).rejects.toThrow('rateLimitPerMinute is 0: it must be a whole number of requests from 1 up, e.g. 200');
  });
});
