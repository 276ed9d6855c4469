import { describe, expect, it } from 'vitest';
import { sparkline, trend } from '../../components/sparkline.js';

describe('sparkline', () => {
  it('maps the lowest value to ▁ and the highest to █, one bar per value', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8], 8)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([8, 1], 10)).toBe('█▁');
    expect(sparkline([187.4, 187.48, 187.5], 3)).toBe('▁▇█');
  });

  it('draws a series that never moved at mid height', () => {
    expect(sparkline([187.42, 187.42, 187.42], 5)).toBe('▄▄▄');
    expect(sparkline([100], 5)).toBe('▄');
  });

  it('draws nothing for no values or no room', () => {
    expect(sparkline([], 10)).toBe('');
    expect(sparkline([1, 2, 3], 0)).toBe('');
    expect(sparkline([1, 2, 3], -4)).toBe('');
  });

  it('resamples a long series to the width, keeping the last value of each slice', () => {
    const rising = Array.from({ length: 60 }, (_, i) => i);
    const line = sparkline(rising, 8);
    expect(line).toHaveLength(8);
    expect(line.at(0)).toBe('▁');
    expect(line.at(-1)).toBe('█');
    expect([...line]).toEqual([...line].sort());
    // A spike in the final slice is the latest price: it must show, not be averaged away.
    expect(sparkline([...Array.from({ length: 59 }, () => 10), 20], 6)).toBe('▁▁▁▁▁█');
  });

  it('never draws more bars than values, so a few seconds are not stretched across the width', () => {
    expect(sparkline([1, 2], 40)).toHaveLength(2);
  });

  it('skips values that are not numbers', () => {
    expect(sparkline([1, Number.NaN, 3, Number.POSITIVE_INFINITY], 10)).toBe('▁█');
  });
});

describe('trend', () => {
  it('says whether the series ended above or below where it started', () => {
    expect(trend([1, 5, 2])).toBe(1);
    expect(trend([3, 5, 2])).toBe(-1);
    expect(trend([3, 1, 3])).toBe(0);
    expect(trend([])).toBe(0);
  });
});
