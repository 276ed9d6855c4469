import { createInterface } from 'node:readline/promises';
import { runBacktestCommand } from '../src/app/backtest-cli.js';
import { runBarsFetch } from '../src/app/bars-fetch.js';
import { parseArgs, USAGE_EXIT, type ExportConfig, type RunConfig } from '../src/app/config.js';
import { runEmulatorProcess } from '../src/app/brokers/emulator-command.js';
import { runExport } from '../src/app/export.js';
import { runHeadless } from '../src/app/headless.js';
import { openScript, ScriptError, type ScriptLines } from '../src/app/script.js';
import { openSession } from '../src/app/session.js';
import { errorText } from '../src/core/engine.js';
import { runConsole } from './console.js';
import { VERSION } from './version.js';

/** Picks what to run from the command line; returns the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  // The core's timers are unref'd so that nothing it leaves behind can hold the process open. Until
  // main returns, this keeps it alive while the engine waits on them (a backoff at startup, a fill).
  const keepAlive = setInterval(() => {}, 60_000);
  try {
    return await dispatch(argv);
  } finally {
    clearInterval(keepAlive);
  }
}

async function dispatch(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv, VERSION);
  if (parsed.kind === 'exit') {
    if (parsed.output !== '') (parsed.code === 0 ? process.stdout : process.stderr).write(`${parsed.output}\n`);
    return parsed.code;
  }
  if (parsed.kind === 'run') return run(parsed.config);
  if (parsed.kind === 'export') return exportHistory(parsed.config);
  if (parsed.kind === 'emulator') return runEmulatorProcess(parsed.config);
  if (parsed.kind === 'backtest') return runBacktestCommand(parsed.config);
  if (parsed.kind === 'bars') return runBarsFetch(parsed.config);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write('blotter: the console needs a terminal (stdin and stdout must be a TTY); `blotter run` trades without one\n');
    return USAGE_EXIT;
  }
  let session;
  try {
    session = await openSession(parsed.config, { confirmLive: askAccountNumber });
  } catch (error) {
    process.stderr.write(`blotter: ${errorText(error)}\n`);
    return 1;
  }
  return runConsole(session, parsed.config);
}

/** Before the console draws: live trading starts only once the trader has typed the account's number. */
async function askAccountNumber(accountNumber: string): Promise<string> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await prompt.question(`LIVE trading on Alpaca account ${accountNumber}: real money. Type the account number to go on: `);
  } finally {
    prompt.close();
  }
}

/** `blotter export`: the rows on stdout, or one line on stderr and nothing on stdout. */
async function exportHistory(config: ExportConfig): Promise<number> {
  try {
    await runExport(config, process.stdout);
    return 0;
  } catch (error) {
    process.stderr.write(`blotter export: ${errorText(error)}\n`);
    return 1;
  }
}

/** `blotter run`: the JSON report on stdout, one line on stderr when the run is not clean. */
async function run(config: RunConfig): Promise<number> {
  const interrupt = new AbortController();
  let lines: ScriptLines;
  try {
    lines = await openScript(config.script, process.stdin, interrupt.signal);
  } catch (error) {
    process.stderr.write(`blotter: ${errorText(error)}\n`);
    return error instanceof ScriptError ? USAGE_EXIT : 1;
  }
  // The first Ctrl-C stops the script and still reports and saves; a second one leaves at once.
  const onSignal = (): void => {
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const { exitCode, report } = await runHeadless(config, lines, { signal: interrupt.signal });
    process.stdout.write(`${JSON.stringify(report, null, config.pretty ? 2 : undefined)}\n`);
    const [first, ...more] = report.problems;
    if (first !== undefined) {
      process.stderr.write(`blotter run: ${first}${more.length > 0 ? ` (and ${more.length} more in the report's problems)` : ''}\n`);
    }
    return exitCode;
  } catch (error) {
    process.stderr.write(`blotter: ${errorText(error)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
