import { InvalidArgumentError } from 'commander';

export const DEFAULT_SIGNAL_SLOTS = 3;
/** More in flight than this is no longer a cap a trader could follow on one screen. */
export const MAX_SIGNAL_SLOTS = 100;

export function parseSignalSlots(text: string): number {
  const n = /^\d{1,3}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(n >= 1 && n <= MAX_SIGNAL_SLOTS)) throw new InvalidArgumentError(`use a whole number of slots from 1 to ${MAX_SIGNAL_SLOTS}, e.g. --signal-slots 3`);
  return n;
}

export function parseStrategiesDir(text: string): string {
  if (text.trim() === '') throw new InvalidArgumentError('give a folder, e.g. --strategies ./my-strategies');
  return text;
}
