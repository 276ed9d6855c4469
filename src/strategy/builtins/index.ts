import type { StrategyDefinition } from '../strategy.js';
import { bollinger } from './bollinger.js';
import { breakout } from './breakout.js';
import { smaCross } from './sma-cross.js';

/** The strategies every build can start, in the order `strategies` lists them. */
export const BUILTIN_STRATEGIES: readonly StrategyDefinition[] = [smaCross, bollinger, breakout];

export function findBuiltinStrategy(name: string): StrategyDefinition | undefined {
  const wanted = name.trim().toLowerCase();
  return BUILTIN_STRATEGIES.find((definition) => definition.name === wanted);
}
