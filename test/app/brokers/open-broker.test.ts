import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCommissionSpec, parseSlippageSpec } from '../../../src/app/cost-spec.js';
import { openBroker, type BrokerOptions, type OpenedBroker } from '../../../src/app/brokers/open-broker.js';
import { StartupError } from '../../../src/app/startup-error.js';
import type { SimControls } from '../../../src/broker/controls.js';
import { ManualClock } from '../../../src/kernel/clock.js';
import { dec } from '../../../src/domain/decimal.js';
import { advanceSession } from '../../support/session-time.js';

const dirs: string[] = [];
const open: OpenedBroker[] = [];

afterEach(async () => {
  for (const broker of open.splice(0)) await broker.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function options(clock: ManualClock, extra: Partial<BrokerOptions> = {}): BrokerOptions {
  const dataDir = mkdtempSync(join(tmpdir(), 'blotter-open-broker-'));
  dirs.push(dataDir);
  return { clock, dataDir, profile: 'sim', books: undefined, retentionMs: 48 * 3_600_000, onStoreError: () => {}, onStoreRecovered: () => {}, seed: 3, ...extra };
}

async function opened(name: string, broker: BrokerOptions): Promise<OpenedBroker> {
  const result = await openBroker(name, broker);
  open.push(result);
  return result;
}

function controlsOf(broker: OpenedBroker): SimControls {
  if (broker.controls === undefined) throw new Error('the simulator has controls');
  return broker.controls;
}

/** A market buy at an ask of exactly 100.00, run to its fill. */
async function buyAtHundred(clock: ManualClock, broker: OpenedBroker, qty: number, clientOrderId: string): Promise<void> {
  const controls = controlsOf(broker);
  controls.setQuote('AAPL', { bid: dec('99.99'), ask: dec(100), last: dec(100) });
  await broker.trading.submitOrder({ symbol: 'AAPL', side: 'buy', type: 'market', timeInForce: 'day', qty: dec(qty), clientOrderId });
  await advanceSession(clock, controls, 200);
}

describe('openBroker', () => {
  it('opens the simulator by its name: one exchange behind both ports, its controls, the id the books are kept against', async () => {
    const broker = await opened('sim', options(new ManualClock()));
    expect(broker).toMatchObject({ name: 'sim', mode: 'sim', engineDefaults: { rateLimit: { limit: 6000, intervalMs: 60_000 } } });
    expect(broker.id).toMatch(/^sim-[0-9a-f]+$/);
    expect(broker.marketData).toBe(broker.trading);
    expect(broker.controls).toBe(broker.trading);
    expect(broker.defaultWatchlist).toContain('AAPL');
  });

  it.each([['ib', 'unknown broker "ib"; known brokers: sim, alpaca']])('refuses %s in one line naming the brokers it knows, and writes nothing', async (name, message) => {
    const broker = options(new ManualClock());
    const failed = await openBroker(name, broker).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(StartupError);
    expect((failed as Error).message).toBe(message);
    expect(readdirSync(broker.dataDir)).toEqual([]);
  });

  it("charges the session's commission on the exchange's ledger: its cash pays it, each fill carries it", async () => {
    const clock = new ManualClock();
    const broker = await opened('sim', options(clock, { commission: parseCommissionSpec('per-share:0.01,min:1') }));
    await buyAtHundred(clock, broker, 10, 'blt-small');
    await buyAtHundred(clock, broker, 300, 'blt-large');
    const ledger = controlsOf(broker).ledger();
    // 10 shares reach the minimum of 1.00; 300 shares at 0.01 cost 3.00.
    expect(ledger.fills.map((f) => [f.clientOrderId, f.price.toFixed(), f.commission.toFixed()])).toEqual([
      ['blt-small', '100', '1'],
      ['blt-large', '100', '3'],
    ]);
    expect(ledger.cash.toFixed()).toBe('68996');
  });

  it("fills at the session's slippage from the quote, on a tick", async () => {
    const clock = new ManualClock();
    const broker = await opened('sim', options(clock, { slippage: parseSlippageSpec('bps:25') }));
    await buyAtHundred(clock, broker, 10, 'blt-slipped');
    const ledger = controlsOf(broker).ledger();
    expect(ledger.fills.map((f) => f.price.toFixed())).toEqual(['100.25']);
    expect(ledger.cash.toFixed()).toBe('98997.5');
  });

  it('charges nothing and slips nothing when not told to', async () => {
    const clock = new ManualClock();
    const broker = await opened('sim', options(clock));
    await buyAtHundred(clock, broker, 10, 'blt-plain');
    expect(controlsOf(broker).ledger().cash.toFixed()).toBe('99000');
  });
});
