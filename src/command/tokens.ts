import { TIMES_IN_FORCE, type TimeInForce } from '../domain/order-types.js';

/** Splits a command line into words; `@` is always a word of its own so `@187` reads like `@ 187`. */
export function tokenize(text: string): string[] {
  return text
    .replace(/@/g, ' @ ')
    .split(/\s+/)
    .filter((word) => word !== '');
}

export function timeInForceOf(word: string): TimeInForce | undefined {
  const lower = word.toLowerCase();
  return TIMES_IN_FORCE.find((tif) => tif === lower);
}

export const TIME_IN_FORCE_LIST = TIMES_IN_FORCE.join(' ');
