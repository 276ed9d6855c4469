import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/**
 * The market's only source of randomness. Its state is plain numbers so a snapshot can carry it and
 * a restored exchange continues the very same walk.
 */
export class SeededRandom {
  private constructor(private readonly generator: RandomGenerator) {}

  static fromSeed(seed: number): SeededRandom {
    return new SeededRandom(xoroshiro128plus(seed | 0));
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

  state(): number[] {
    return [...this.generator.getState()];
  }
}
