import type { ChoiceParam, SizeParam } from '../params.js';

/** The largest `size=N` a built-in takes: a typo of a few extra zeros is refused, not traded. */
const MAX_SHARES = 1_000_000;

export const SIZE_PARAM: SizeParam = {
  type: 'size',
  // One share unless told: a forgotten size must not put the whole account on one signal.
  default: 1,
  max: MAX_SHARES,
  description: 'shares to hold, or all for as many whole shares as equity buys',
};

export const MODE_PARAM: ChoiceParam<'long' | 'reverse'> = {
  type: 'choice',
  default: 'long',
  choices: ['long', 'reverse'],
  description: 'long: long or flat; reverse: long or short',
};
