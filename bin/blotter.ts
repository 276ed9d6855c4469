// The `blotter` executable. React picks its build from NODE_ENV when it first loads, and static
// imports are hoisted, so the mode is settled here before anything else is imported.
process.env.NODE_ENV ??= 'production';

// A worker thread started from the bundle runs this same file: a sweep's or a console backtest's
// worker does its work, never the command line (a worker has no arguments of its own).
const { isSweepWorker, runSweepWorker } = await import('../src/app/backtest-sweep-worker.js');
const { isConsoleBacktestWorker, runConsoleBacktestWorker } = await import('../src/app/console-backtest-worker.js');
if (isSweepWorker()) {
  await runSweepWorker();
} else if (isConsoleBacktestWorker()) {
  await runConsoleBacktestWorker();
} else {
  const { main } = await import('./main.js');
  process.exitCode = await main(process.argv.slice(2));
}
