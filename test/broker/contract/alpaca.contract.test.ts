import { AlpacaBroker } from '../../../src/broker/alpaca/alpaca-broker.js';
import { AlpacaMarketData } from '../../../src/broker/alpaca/alpaca-market-data.js';
import { endpointsAt } from '../../../src/broker/alpaca/endpoints.js';
import { createEmulatorServer } from '../../../src/broker/emulator/emulator-server.js';
import type { Broker, MarketData } from '../../../src/broker/port.js';
import { createSimExchange, type SimExchange } from '../../../src/broker/sim/sim-exchange.js';
import { ManualClock } from '../../../src/kernel/clock.js';
import { brokerContract, type ContractDriver } from './contract.js';
import { until } from '../../support/until.js';

/** As the sim's binding: longer than any chain of the sim's latencies. */
const SETTLE_MS = 1_000;
/** After every owed message has arrived: long enough for a stray one (which would be a bug) to show. */
const STRAY_MS = 10;

const KEY = 'PKCONTRACT';
const SECRET = 'contract-secret';

/**
 * The Alpaca adapter through the official SDK, against the emulator over loopback: the same cases
 * the sim passes, now across HTTP and two WebSockets. The exchange's clock is fake and moves only
 * when the driver says; the sockets run on real time, so the driver waits until every trade update
 * the exchange sent has arrived and the data stream has confirmed what it streams.
 */
brokerContract('alpaca (SDK → emulator)', async () => {
  const clock = new ManualClock();
  let sim: SimExchange | undefined;
  const server = await createEmulatorServer({
    clock,
    rateLimitPerMinute: 1_000_000,
    createExchange: (seed) => {
      sim = createSimExchange({
        clock,
        seed,
        universe: [
          { symbol: 'AAPL', price: '100.00' },
          { symbol: 'MSFT', price: '400.00' },
        ],
      });
      return sim;
    },
  });
  const endpoints = endpointsAt(server.url);
  const notices: string[] = [];
  const notice = (level: string, text: string): void => void notices.push(`${level}: ${text}`);
  const trading = new AlpacaBroker({ endpoints, keyId: KEY, secret: SECRET, mode: 'paper', clock, notice });
  const marketData = new AlpacaMarketData({ dataUrl: endpoints.data, streamUrl: endpoints.dataStream, keyId: KEY, secret: SECRET, clock, notice });
  let received = 0;
  trading.subscribeTradeUpdates(() => (received += 1));
  await trading.getAccount();
  const exchange = sim;
  if (exchange === undefined) throw new Error('the emulator made no account for the key');
  let sent = 0;
  exchange.subscribeTradeUpdates(() => (sent += 1));
  trading.connect();
  await until(() => trading.connection().stream === 'ok', 'the trade-update stream');

  // Market data is counted as trade updates are: what the exchange printed for a symbol the client
  // streams must arrive before a settle ends. One subscriber at a time, as the cases have it.
  const streamed = new Map<string, number>();
  let printed = 0;
  let heard = 0;
  exchange.subscribeMarketData(['AAPL', 'MSFT'], {
    quote: (quote) => void (streamed.has(quote.symbol) && (printed += 1)),
    trade: (trade) => void (streamed.has(trade.symbol) && (printed += 1)),
  });
  const subscribe = marketData.subscribeMarketData.bind(marketData);
  marketData.subscribeMarketData = (symbols, handlers) => {
    for (const symbol of symbols) streamed.set(symbol, (streamed.get(symbol) ?? 0) + 1);
    const unsubscribe = subscribe(symbols, {
      quote: (quote) => {
        heard += 1;
        handlers.quote?.(quote);
      },
      trade: (trade) => {
        heard += 1;
        handlers.trade?.(trade);
      },
    });
    return () => {
      for (const symbol of symbols) {
        const left = (streamed.get(symbol) ?? 1) - 1;
        if (left === 0) streamed.delete(symbol);
        else streamed.set(symbol, left);
      }
      unsubscribe();
    };
  };

  const delivered = async (): Promise<void> => {
    await exchange.settled();
    await until(() => received >= sent && marketData.subscriptionsConfirmed() && heard >= printed, 'the streams to catch up');
    // Nothing is owed now; a short spell lets anything that should not come show itself.
    await new Promise((resolve) => setTimeout(resolve, STRAY_MS));
  };
  const driver: ContractDriver = {
    async setQuote(symbol, quote) {
      exchange.setQuote(symbol, quote);
      await delivered();
    },
    async settle() {
      clock.advance(SETTLE_MS);
      await delivered();
    },
    sizeBoundsFills: true,
    async cancelsLoseToFills() {
      exchange.setFaults({ cancelRace: 1 });
    },
  };
  const data: MarketData = {
    getSnapshots: (symbols) => marketData.getSnapshots(symbols),
    getLatestQuotes: (symbols) => marketData.getLatestQuotes(symbols),
    getLatestTrades: (symbols) => marketData.getLatestTrades(symbols),
    subscribeMarketData: (symbols, handlers) => marketData.subscribeMarketData(symbols, handlers),
  };
  // One subject for both ports, as the sim is; the adapter keeps them apart (Alpaca serves them from two hosts).
  const broker = new Proxy(trading, {
    get(target, property) {
      if (Object.hasOwn(data, property)) return data[property as keyof MarketData];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as unknown as Broker & MarketData;
  return {
    broker,
    driver,
    async close() {
      await Promise.all([trading.close(), marketData.close()]);
      await server.close();
      if (notices.length > 0) throw new Error(`the adapter told of trouble:\n${notices.join('\n')}`);
    },
  };
});

