import { BUILTIN_STRATEGIES } from '../strategy/builtins/index.js';
import type { StrategyDefinition } from '../strategy/strategy.js';
import { defaultStrategiesDir, loadStrategyFiles } from './strategy-files.js';
import type { SessionConfig } from './config.js';
import { join } from 'node:path';

/** Where the trader's own strategy files are: `--strategies`, else the config directory's `strategies`. */
export function strategiesDir(config: Pick<SessionConfig, 'strategiesDir'>, configDir: string | undefined): string {
  return config.strategiesDir ?? (configDir === undefined ? defaultStrategiesDir() : join(configDir, 'strategies'));
}

/**
 * The strategies a session can start: the built-ins, then the trader's own files from
 * `--strategies` or the config directory's `strategies` folder. A file that fails is told by name
 * in the log and the rest still load.
 */
export async function strategyDefinitions(
  config: Pick<SessionConfig, 'strategiesDir'>,
  configDir: string | undefined,
  note: (level: 'info' | 'warn', text: string) => void,
): Promise<StrategyDefinition[]> {
  const files = await loadStrategyFiles(strategiesDir(config, configDir), BUILTIN_STRATEGIES.map((definition) => definition.name));
  for (const { file, names } of files.loaded) note('info', `strategy file ${file} loaded: ${names.join(', ')}`);
  for (const problem of files.problems) note('warn', `strategy file not loaded: ${problem}`);
  return [...BUILTIN_STRATEGIES, ...files.definitions];
}
