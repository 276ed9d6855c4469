import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

const FRACTION_STEPS = 2 ** 24;
const WARM_UP = 32;

/**
 * The exchange's seeded randomness: one for the market, another for injected faults. Its state is
 * plain numbers so a snapshot can carry it and a restored exchange continues the very same walk.
 */
export class SeededRandom {
  private constructor(private readonly generator: RandomGenerator) {}

  /**
   * xoroshiro128+ seeded from a small number starts out nearly the same for every seed (the first
   * fractions are all close to 1), so the first values are thrown away before any are used.
   */
  static fromSeed(seed: number): SeededRandom {
    const random = new SeededRandom(xoroshiro128plus(seed | 0));
    for (let i = 0; i < WARM_UP; i++) random.int(0, 1);
    return random;
  }

  static fromState(state: readonly number[]): SeededRandom {
    return new SeededRandom(xoroshiro128plusFromState(state));
  }

  /** An integer in [from, to], both included. */
  int(from: number, to: number): number {
    return uniformInt(this.generator, from, to);
  }

  /** True with probability `percent` / 100. */
  chance(percent: number): boolean {
    return this.int(0, 99) < percent;
  }

  /** A number in [0, 1), in steps of 2^-24. */
  fraction(): number {
    return this.int(0, FRACTION_STEPS - 1) / FRACTION_STEPS;
  }

  /** True with `probability` (0 to 1); certain outcomes use no randomness, so rate 0 leaves the sequence alone. */
  chanceOf(probability: number): boolean {
    if (probability <= 0) return false;
    if (probability >= 1) return true;
    return this.fraction() < probability;
  }

  state(): number[] {
    return [...this.generator.getState()];
  }
}
