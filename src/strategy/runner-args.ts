import { readTimeframe, type Timeframe } from './timeframe.js';

/** The bar length an instance trades on unless `bar=` says otherwise. */
export const DEFAULT_BAR = '1m';

export type RunnerArgs =
  | { readonly ok: true; readonly timeframe: Timeframe; readonly rest: readonly string[] }
  | { readonly ok: false; readonly problem: string };

/**
 * Takes the runner's own settings (`bar=5s`) out of `strategy start` words, leaving the strategy's
 * parameters for its schema, which would refuse `bar` as unknown.
 */
export function takeRunnerArgs(args: readonly string[]): RunnerArgs {
  let bar: string | undefined;
  const rest: string[] = [];
  for (const arg of args) {
    const match = /^\s*bar\s*=(.*)$/i.exec(arg);
    if (match === null) {
      rest.push(arg);
      continue;
    }
    if (bar !== undefined) return { ok: false, problem: 'bar is given twice; give it once, like bar=5s' };
    bar = (match[1] as string).trim();
  }
  const reading = readTimeframe(bar ?? DEFAULT_BAR);
  if (!reading.ok) return { ok: false, problem: `bar: ${reading.problem}` };
  return { ok: true, timeframe: reading.timeframe, rest };
}
