import { allowedValues, type ParamSpec } from './params.js';
import { DEFAULT_SOURCE_LIMITS } from './source-limits.js';
import type { StrategyDefinition } from './strategy.js';

export interface ParamRow {
  readonly name: string;
  readonly allowed: string;
  readonly default: string;
  readonly description: string;
}

export interface DefinitionRow {
  readonly name: string;
  readonly description: string;
  readonly params: readonly ParamRow[];
}

/** What `strategies` lists: each definition with its own parameters, then those the runner takes for every one. */
export function definitionRows(definitions: readonly StrategyDefinition[]): DefinitionRow[] {
  const { maxPosition, maxNotional, maxOrdersPerMinute } = DEFAULT_SOURCE_LIMITS;
  const runnerParams: ParamRow[] = [
    { name: 'bar', allowed: 'a bar length: 5s, 1m, 1h, 1d …', default: '1m', description: 'the length of the bars it trades on' },
    { name: 'max-pos', allowed: 'a positive number of shares', default: maxPosition.toString(), description: 'the most shares it may hold, long or short' },
    { name: 'max-notional', allowed: 'a positive dollar amount', default: maxNotional.toString(), description: 'the most one of its orders may be worth' },
    { name: 'max-orders', allowed: 'a whole number from 1', default: String(maxOrdersPerMinute), description: 'the most orders it may send in any minute' },
  ];
  return definitions.map((definition) => ({
    name: definition.name,
    description: definition.description,
    params: [...Object.entries(definition.params).map(([name, spec]) => paramRow(name, spec)), ...runnerParams],
  }));
}

function paramRow(name: string, spec: ParamSpec): ParamRow {
  return { name, allowed: allowedValues(spec), default: String(spec.default), description: spec.description };
}
