import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openExchangeStore } from '../src/app/brokers/exchange-store.js';
import { exchangeArchiveDir } from '../src/persistence/paths.js';
import { dec } from '../src/domain/decimal.js';
import { createClientOrderIdFactory } from '../src/domain/client-order-id.js';
import { createSimExchange } from '../src/broker/sim/sim-exchange.js';
import { systemClock } from '../src/kernel/clock.js';
import { Engine } from '../src/core/engine.js';
import { METRIC } from '../src/core/metrics.js';
import { DEFAULT_RISK_LIMITS } from '../src/core/risk-gate.js';

const ORDERS = 200;

/**
 * Real time on the real simulator: how long after the exchange fills an order the core has it
 * booked — through the trade-update stream, through polling alone while the stream is down, and
 * through the stream of an exchange that writes every change to its journal (datasync) before it
 * announces it, as the console's does.
 */
async function measure(streamDown: boolean, journaled = false): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-bench-detection-'));
  const store = journaled
    ? await openExchangeStore({ path: join(dir, 'bench.exchange.json'), archiveDir: exchangeArchiveDir(dir, 'bench'), onError: () => {} })
    : undefined;
  const sim = createSimExchange({ clock: systemClock, seed: 11, startingCash: dec('100000000'), ...(store !== undefined && { durability: store.durability }) });
  if (store !== undefined) await sim.checkpoint();
  const engine = new Engine({
    broker: sim,
    marketData: sim,
    clock: systemClock,
    newClientOrderId: createClientOrderIdFactory(() => Date.now()),
    restored: { orders: [], portfolio: undefined, nextSeq: 1, watchlist: [] },
    config: { rateLimit: { limit: 1e9, intervalMs: 60_000 }, risk: { ...DEFAULT_RISK_LIMITS, duplicateWindowMs: 0 } },
  });
  sim.start();
  await engine.start();
  await engine.settled();
  if (streamDown) sim.startStreamOutage();
  const symbols = sim.symbols();
  for (let i = 0; i < ORDERS; i++) {
    await engine.place({ symbol: symbols[i % symbols.length] ?? 'AAPL', side: i % 2 === 0 ? 'buy' : 'sell', type: 'market', timeInForce: 'day', qty: dec(1) });
    await new Promise((r) => setTimeout(r, 5));
  }
  for (let waited = 0; engine.workingOrders().length > 0 && waited < 20_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  const method = streamDown ? 'poll' : 'stream';
  const h = engine.metrics().histograms[`${METRIC.detectionLatency}{${method}}`];
  await engine.stop();
  await sim.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
  return h === undefined ? `${method}: no fills measured` : `${method} p50 ${h.p50.toFixed(1)} ms, p99 ${h.p99.toFixed(1)} ms (n=${h.count})`;
}

export async function benchDetectionLatency(): Promise<void> {
  const stream = await measure(false);
  const polling = await measure(true);
  const journaled = await measure(false, true);
  console.log(
    `detection latency after the exchange fills: ${stream}; with the stream down, ${polling}; ` +
      `exchange journaling each change before announcing it (the console's), ${journaled}`,
  );
}
