import { benchAlpaca } from './alpaca.js';
import { benchBacktest } from './backtest.js';
import { benchConsoleLoad } from './console-load.js';
import { benchCoreThroughput } from './core-throughput.js';
import { benchDetectionLatency } from './detection-latency.js';
import { benchHistory } from './history.js';
import { benchStartup } from './startup.js';

const BENCHMARKS: Readonly<Record<string, () => Promise<void>>> = {
  core: benchCoreThroughput,
  detection: benchDetectionLatency,
  startup: benchStartup,
  console: benchConsoleLoad,
  history: benchHistory,
  alpaca: benchAlpaca,
  backtest: benchBacktest,
};

// `npm run bench -- core startup` runs only those; each benchmark prints its own figures and none pass or fail.
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
for (const [name, run] of Object.entries(BENCHMARKS)) {
  if (asked.length === 0 || asked.includes(name)) await run();
}
