import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { createEmulatorServer, type EmulatorServer } from '../../src/broker/emulator/emulator-server.js';
import { createSimExchange, type SimExchange } from '../../src/broker/sim/sim-exchange.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { openSession, type Session } from '../../src/app/session.js';

const KEY = 'PKOPENING';
const SECRET = 'opening-secret-0123';
const AAPL = { bid: dec('100.00'), ask: dec('100.02'), last: dec('100.00'), bidSize: dec(500), askSize: dec(500) };
/** Five shares offered at 400.02: the GTC buy of eight at that price fills five and works on. */
const MSFT_THIN = { bid: dec('400.00'), ask: dec('400.02'), last: dec('400.00'), bidSize: dec(500), askSize: dec(5) };
const MSFT_AWAY = { bid: dec('420.00'), ask: dec('420.02'), last: dec('420.00'), bidSize: dec(500), askSize: dec(500) };
const MSFT_BACK = { ...MSFT_THIN, askSize: dec(500) };

const dirs: string[] = [];
const sessions: Session[] = [];
const servers: EmulatorServer[] = [];

afterEach(async () => {
  for (const session of sessions.splice(0)) await session.close();
  await Promise.all(servers.splice(0).map((server) => server.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-books-opening-'));
  dirs.push(dir);
  return dir;
}

/** Real time passes (sockets) while fake time moves in small steps, until `done`. */
async function until(clock: ManualClock, done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await clock.advanceAsync(10, 5);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** An Alpaca paper account on the emulator whose last hour holds a filled buy of 10 AAPL and a GTC buy of 8 MSFT, 5 filled and working. */
async function accountWithHistory(clock: ManualClock): Promise<{ server: EmulatorServer; sim: SimExchange }> {
  const server = await createEmulatorServer({
    clock,
    rateLimitPerMinute: 1_000_000,
    createExchange: (seed) =>
      createSimExchange({
        clock,
        seed,
        universe: [
          { symbol: 'AAPL', price: '100.00' },
          { symbol: 'MSFT', price: '400.00' },
        ],
      }),
  });
  servers.push(server);
  const sim = server.accounts.signIn(KEY, SECRET).exchange;
  sim.setQuote('AAPL', AAPL);
  sim.setQuote('MSFT', MSFT_THIN);
  const bought = sim.submitOrder({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: dec(10), clientOrderId: 'web-aapl' });
  const resting = sim.submitOrder({
    symbol: 'MSFT',
    side: 'buy',
    type: 'limit',
    limitPrice: dec('400.02'),
    timeInForce: 'gtc',
    qty: dec(8),
    clientOrderId: 'web-msft',
  });
  await clock.advanceAsync(1_000, 5);
  sim.setQuote('MSFT', MSFT_AWAY);
  await Promise.all([bought, resting]);
  await clock.advanceAsync(30 * 60_000, 1_000);
  return { server, sim };
}

async function openOn(server: EmulatorServer, dataDir: string, configDir: string, clock: ManualClock): Promise<Session> {
  const session = await openSession(
    { broker: 'alpaca', seed: undefined, dataDir, profile: 'alpaca', alpacaUrl: server.url },
    { clock, env: { APCA_API_KEY_ID: KEY, APCA_API_SECRET_KEY: SECRET }, configDir },
  );
  sessions.push(session);
  return session;
}

function figures(cash: { toFixed(): string }, positions: readonly { symbol: string; qty: { isZero(): boolean; toFixed(): string } }[]) {
  return { cash: cash.toFixed(), positions: Object.fromEntries(positions.filter((p) => !p.qty.isZero()).map((p) => [p.symbol, p.qty.toFixed()])) };
}
const local = (s: Session) => figures(s.engine.portfolio().cash, Object.values(s.engine.portfolio().positions));
const broker = (sim: SimExchange) => figures(sim.ledger().cash, Object.values(sim.ledger().positions));
const rows = (s: Session) => s.engine.orders().map((o) => [o.seq, o.clientOrderId, o.status, o.filledQty.toFixed()]);
const adjustmentLines = (s: Session) => s.profile.load().adjustments.map((a) => a.reason);

describe('a new profile on an Alpaca account with history', () => {
  it('opens with the account’s positions and cash, books only what happens after, and keeps it so across a restart', async () => {
    const clock = new ManualClock();
    const { server, sim } = await accountWithHistory(clock);
    const [dataDir, configDir] = [tempDir(), tempDir()];

    const first = await openOn(server, dataDir, configDir, clock);
    await until(clock, () => first.engine.reconciliation().adoptedOrders === 1, 'the startup reconciliation');
    await first.engine.settled();
    expect(local(first)).toEqual({ cash: broker(sim).cash, positions: { AAPL: '10', MSFT: '5' } });
    expect(local(first)).toEqual(broker(sim));
    expect(rows(first)).toEqual([[1, 'web-msft', 'partially_filled', '5']]);
    expect(first.profile.load().fills).toEqual([]);
    expect(adjustmentLines(first)).toEqual([]);
    expect(first.engine.booksStatus()).toEqual({ adjustments: 0, unknownFills: 0, unbalanced: [] });
    const brought = first.profile.load().brought;
    expect(brought?.positions).toEqual({ AAPL: dec(10), MSFT: dec(5) });
    expect(brought?.cash.toFixed()).toBe(broker(sim).cash);
    expect(brought?.openedAt).toBe(first.engine.openedAt());

    // The rest of the working order fills, on the stream: booked once.
    sim.setQuote('MSFT', MSFT_BACK);
    await until(clock, () => rows(first)[0]?.[2] === 'filled', 'the GTC buy to fill');
    await first.engine.settled();
    expect(first.profile.load().fills.map((f) => [f.clientOrderId, f.qty.toFixed()])).toEqual([['web-msft', '3']]);
    expect(local(first)).toEqual(broker(sim));
    await first.close();
    sessions.splice(sessions.indexOf(first), 1);

    const second = await openOn(server, dataDir, configDir, clock);
    await second.engine.reconcile('periodic');
    await second.engine.settled();
    expect(rows(second)).toEqual([[1, 'web-msft', 'filled', '8']]);
    expect(second.engine.reconciliation().adoptedOrders).toBe(0);
    expect(second.engine.openedAt()).toBe(brought?.openedAt);
    expect(local(second)).toEqual(broker(sim));
    expect(adjustmentLines(second)).toEqual([]);
    expect(second.engine.booksStatus()).toEqual({ adjustments: 0, unknownFills: 0, unbalanced: [] });
  });
});
