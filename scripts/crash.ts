// `npm run crash -- N`: N kill -9 trials of a real `blotter run` (half of them with chaos faults),
// each followed by a restart that must end equal to the exchange with nothing lost or invented.
import { runTrial, type TrialResult } from '../test/crash/harness.js';

const trials = Number(process.argv[2] ?? '20');
if (!Number.isInteger(trials) || trials < 1) {
  console.error('usage: npm run crash -- N   (N trials, e.g. 100)');
  process.exit(2);
}
const base = Number(process.env.BLOTTER_CRASH_SEED ?? Date.now() % 1_000_000);
const results: TrialResult[] = [];
for (let i = 0; i < trials; i++) {
  const seed = base + i;
  const result = await runTrial({ seed, faults: i % 2 === 1, killAfterMs: 150 + ((seed * 7919) % 2500) });
  results.push(result);
  const verdict = result.failures.length === 0 ? 'ok' : `FAILED\n    ${result.failures.join('\n    ')}`;
  console.log(
    `trial ${String(i + 1).padStart(3)}: seed ${seed}${result.faults ? ' chaos' : '      '} kill after ${String(result.killAfterMs).padStart(4)} ms, ` +
      `${String(result.seenFills).padStart(3)} fills seen before, ${String(result.finalFills).padStart(3)} after — ${verdict}`,
  );
}
const clean = results.filter((r) => r.failures.length === 0).length;
const seen = results.reduce((n, r) => n + r.seenFills, 0);
console.log(`${clean}/${trials} restarts equal to the exchange with nothing lost or invented (${seen} fills seen before the kills, base seed ${base})`);
process.exit(clean === trials ? 0 : 1);
