import { InvalidArgumentError, type Command } from 'commander';
import { parseEmulatorFaults, type EmulatorFaults } from '../broker/emulator/emulator-faults.js';

/** `blotter emulator`: an Alpaca-compatible server over the simulator, on loopback. */
export interface EmulatorConfig {
  /** 0 picks a free port. */
  readonly port: number;
  /** Mixed with each key id into that account's market seed; absent, each key's seed is its own. */
  readonly seed: number | undefined;
  readonly faults: EmulatorFaults | undefined;
  /** Where each account's exchange is kept; absent, accounts live in memory. */
  readonly dataDir: string | undefined;
}

export const DEFAULT_EMULATOR_PORT = 18080;

interface EmulatorOptions {
  port?: number;
  seed?: number;
  faults?: EmulatorFaults;
  dataDir?: string;
}

const EMULATOR_HELP = `
Serves Alpaca's trading REST (/v2/orders, /v2/positions, /v2/account, /v2/clock, /v2/calendar,
/v2/assets, …), its market data and its WebSocket streams on 127.0.0.1, one simulated account per
API key id (the first secret seen for a key id is its secret). Tests steer it through /admin/.
It runs until Ctrl-C (or SIGTERM) and then exits 0; 1 when it cannot start.

Example:
  blotter emulator --port 18080 --faults light
  APCA_API_KEY_ID=PKTEST APCA_API_SECRET_KEY=secret BLOTTER_ALPACA_URL=http://127.0.0.1:18080 blotter --broker alpaca`;

/** Adds `blotter emulator` to the command line; `chosen` receives its settings when it is the command run. */
export function addEmulatorCommand(program: Command, chosen: (config: EmulatorConfig) => void): void {
  const command = program
    .command('emulator')
    .description('run an Alpaca-compatible server over the simulated exchange, for trying Blotter and for tests, offline')
    .option('--port <n>', `the loopback port to listen on, 0 for any free one (default: ${DEFAULT_EMULATOR_PORT})`, parsePort)
    .option('--seed <n>', "seed of every account's simulated market, mixed with its key id", parseSeed)
    .option('--faults <spec>', "faults to inject: chaos, light, the simulator's (drop=0.1, …) and Alpaca's (replay=5%, positionLag=2s, …)", parseFaults)
    .option('--data-dir <dir>', "keep each account's orders, positions and cash here across restarts (default: in memory)", parseDir)
    .allowExcessArguments(false)
    .addHelpText('after', EMULATOR_HELP)
    .action(() => {
      const opts = command.opts<EmulatorOptions>();
      chosen({ port: opts.port ?? DEFAULT_EMULATOR_PORT, seed: opts.seed, faults: opts.faults, dataDir: opts.dataDir });
    });
}

function parsePort(text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65_535)) throw new InvalidArgumentError('use a port from 1 to 65535, or 0 for any free one, e.g. --port 18080');
  return port;
}

function parseSeed(text: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new InvalidArgumentError('use a whole number, e.g. --seed 42');
  return Number(text);
}

function parseFaults(text: string): EmulatorFaults {
  try {
    return parseEmulatorFaults(text);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

function parseDir(text: string): string {
  if (text.trim() === '') throw new InvalidArgumentError('give a directory, e.g. --data-dir ./emulator');
  return text;
}
