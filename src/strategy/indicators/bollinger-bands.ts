import { RollingDeviation } from './rolling-deviation.js';

/** The middle band is the moving average; the outer bands sit `width` standard deviations off it. */
export class BollingerBands {
  private readonly stats: RollingDeviation;

  constructor(
    period: number,
    private readonly width: number,
  ) {
    this.stats = new RollingDeviation(period);
  }

  get ready(): boolean {
    return this.stats.ready;
  }

  get middle(): number {
    return this.stats.average;
  }

  get upper(): number {
    return this.stats.average + this.width * this.stats.deviation;
  }

  get lower(): number {
    return this.stats.average - this.width * this.stats.deviation;
  }

  push(value: number): void {
    this.stats.push(value);
  }
}
