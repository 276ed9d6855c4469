import { describe, expect, it } from 'vitest';
import { parseDuration, readFlagDuration } from '../../src/app/duration.js';

describe('a flag or script duration', () => {
  it('takes 0 and anything up to 24h, in ms, s, m or h', () => {
    expect(readFlagDuration('0')).toEqual({ ok: true, ms: 0 });
    expect(readFlagDuration('20ms')).toEqual({ ok: true, ms: 20 });
    expect(readFlagDuration('24h')).toEqual({ ok: true, ms: 86_400_000 });
  });

  it.each([
    ['30', "'30' needs a unit: write 30s"],
    ['24.001h', "'24.001h' is more than 24h"],
    ['-1s', "'-1s' is negative"],
    ['often', "'often' is not a duration; write milliseconds, seconds, minutes or hours like 500ms, 30s, 2m or 1h"],
  ])('refuses %s in one line: %s', (text, problem) => {
    expect(readFlagDuration(text)).toEqual({ ok: false, problem });
    expect(parseDuration(text)).toBeUndefined();
  });
});
