import { seedForKey } from '../../broker/emulator/accounts.js';
import { createEmulatorServer, type EmulatorServer } from '../../broker/emulator/emulator-server.js';
import { createSimExchange, type SimExchange } from '../../broker/sim/sim-exchange.js';
import { errorText } from '../../core/error-text.js';
import type { EmulatorConfig } from '../emulator-config.js';
import { EmulatorDataDir, type PersistedExchange } from './emulator-data-dir.js';

/** As `--broker sim` moves its market by default, so prices in the emulator move alike. */
const TICK_MS = 400;

export interface EmulatorIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Aborted by Ctrl-C or SIGTERM: the emulator then closes and the command returns 0. */
  readonly signal: AbortSignal;
}

/** `blotter emulator`: serves until `signal` aborts; the exit status (1 when it cannot start). */
export async function runEmulator(config: EmulatorConfig, io: EmulatorIo): Promise<number> {
  const fail = (problem: string): number => {
    io.stderr.write(`blotter emulator: ${problem}\n`);
    return 1;
  };
  const report = (error: unknown): void => {
    io.stderr.write(`blotter emulator: ${errorText(error)}\n`);
  };
  let dataDir: EmulatorDataDir | undefined;
  if (config.dataDir !== undefined) {
    try {
      dataDir = await EmulatorDataDir.open(config.dataDir, report);
    } catch (error) {
      return fail(`cannot use --data-dir ${config.dataDir}: ${errorText(error)}`);
    }
  }
  let server: EmulatorServer;
  try {
    server = await createEmulatorServer({
      createExchange: (keySeed, keyId) => {
        const make = (persisted?: PersistedExchange): SimExchange => {
          const exchange = createSimExchange({ seed: marketSeed(config.seed, keySeed), tickIntervalMs: TICK_MS, ...persisted });
          exchange.start();
          return exchange;
        };
        return dataDir === undefined ? make() : dataDir.exchange(keyId, make);
      },
      port: config.port,
    });
  } catch (error) {
    await dataDir?.close();
    return fail(listenProblem(error, config.port));
  }
  if (config.faults !== undefined) server.accounts.setFaults(config.faults);
  io.stdout.write(`Alpaca emulator listening on ${server.url} (trading, data and streams; Ctrl-C stops it)\n`);
  await aborted(io.signal);
  await server.close();
  await dataDir?.close();
  return 0;
}

/** `--seed` replays every account's market; each key still trades its own. */
function marketSeed(seed: number | undefined, keySeed: number): number {
  return seed === undefined ? keySeed : seedForKey(`${seed}:${keySeed}`);
}

function listenProblem(error: unknown, port: number): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') return `port ${port} on 127.0.0.1 is in use; stop what holds it or give another with --port (0 picks a free one)`;
  if (code === 'EACCES') return `port ${port} needs privileges this user lacks; use a port above 1023, e.g. --port 18080`;
  return `cannot listen on 127.0.0.1:${port}: ${errorText(error)}`;
}

function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** The command as the binary runs it: on this process's output, until SIGINT or SIGTERM. */
export async function runEmulatorProcess(config: EmulatorConfig): Promise<number> {
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await runEmulator(config, { stdout: process.stdout, stderr: process.stderr, signal: stop.signal });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
