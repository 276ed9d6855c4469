import { ManualClock } from '../../../src/kernel/clock.js';
import { createSimExchange } from '../../../src/broker/sim/sim-exchange.js';
import { brokerContract, type ContractDriver } from './contract.js';

/** Longer than any chain of the sim's latencies: an ack, a fill, a cancel or replace landing, and a leg's turn. */
const SETTLE_MS = 1_000;

brokerContract('sim', async () => {
  const clock = new ManualClock();
  const sim = createSimExchange({
    clock,
    seed: 2026,
    universe: [
      { symbol: 'AAPL', price: '100.00' },
      { symbol: 'MSFT', price: '400.00' },
    ],
  });
  const driver: ContractDriver = {
    async setQuote(symbol, quote) {
      sim.setQuote(symbol, quote);
      await sim.settled();
    },
    async settle() {
      clock.advance(SETTLE_MS);
      await sim.settled();
    },
    sizeBoundsFills: true,
    async cancelsLoseToFills() {
      sim.setFaults({ cancelRace: 1 });
    },
  };
  return { broker: sim, driver, close: () => sim.close() };
});
