import { afterEach } from 'vitest';
import { dec } from '../../../src/domain/decimal.js';
import { ManualClock } from '../../../src/kernel/clock.js';
import { createSimExchange } from '../../../src/broker/sim/sim-exchange.js';
import { createEmulatorServer, type EmulatorServer } from '../../../src/broker/emulator/emulator-server.js';

export const ACK = 20;
export const FILL = 30;

export interface Emulator {
  readonly clock: ManualClock;
  readonly server: EmulatorServer;
  /** A request as key `key` (secret `secret-<key>` unless given), answered with its status and JSON body. */
  readonly call: (method: string, path: string, options?: CallOptions) => Promise<{ status: number; body: any }>;
  /** Acknowledgement and one execution attempt. */
  readonly settle: () => void;
}

export interface CallOptions {
  readonly key?: string;
  readonly secret?: string;
  readonly body?: unknown;
  /** Sent as is, for malformed bodies. */
  readonly raw?: string;
  readonly noAuth?: boolean;
}

const running: EmulatorServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
});

/**
 * An emulator on fake time whose accounts trade a two-symbol market with AAPL pinned at
 * 100.00 x 100.02, 500 shares each side.
 */
export async function emulator(): Promise<Emulator> {
  const clock = new ManualClock();
  const server = await createEmulatorServer({
    createExchange: (seed) => {
      const sim = createSimExchange({
        clock,
        seed,
        universe: [
          { symbol: 'AAPL', price: '100.00' },
          { symbol: 'MSFT', price: '400.00' },
        ],
        ackLatencyMs: ACK,
        fillLatencyMs: FILL,
      });
      sim.setQuote('AAPL', { bid: dec('100.00'), ask: dec('100.02'), last: dec('100.00'), bidSize: dec(500), askSize: dec(500) });
      return sim;
    },
    // Alpaca's 200 a minute would stop the paging tests' hundreds of orders; rate-limit.test.ts tests the limit.
    rateLimitPerMinute: 100_000,
  });
  running.push(server);
  const call: Emulator['call'] = async (method, path, options = {}) => {
    const key = options.key ?? 'alice';
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (options.noAuth !== true) {
      headers['APCA-API-KEY-ID'] = key;
      headers['APCA-API-SECRET-KEY'] = options.secret ?? `secret-${key}`;
    }
    const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const response = await fetch(`${server.url}${path}`, { method, headers, ...(body !== undefined && { body }) });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  };
  return { clock, server, call, settle: () => clock.advance(ACK + FILL) };
}

/** A POST /v2/orders body: AAPL, day, one share, market unless said. */
export function order(fields: Record<string, unknown>): Record<string, unknown> {
  return { symbol: 'AAPL', type: 'market', time_in_force: 'day', qty: '1', ...fields };
}
