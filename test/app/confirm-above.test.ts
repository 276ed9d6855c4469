import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/app/config.js';

describe('--confirm-above', () => {
  it('sets the dollar amount above which the console asks for y', () => {
    const parsed = parseArgs(['--confirm-above', '2500.50'], '0.0.0');
    expect(parsed.kind === 'console' && parsed.config.confirmAbove?.toString()).toBe('2500.5');
  });

  it('is absent unless given, leaving the console its default', () => {
    const parsed = parseArgs([], '0.0.0');
    expect(parsed.kind === 'console' && parsed.config.confirmAbove).toBeUndefined();
  });

  it('refuses what is not a dollar amount, and is the console\'s alone', () => {
    for (const bad of ['-5', 'ten', '1e6', '12.345']) {
      const parsed = parseArgs(['--confirm-above', bad], '0.0.0');
      expect(parsed.kind, bad).toBe('exit');
      expect(parsed.kind === 'exit' && parsed.output, bad).toContain('dollar amount');
    }
    expect(parseArgs(['run', '--confirm-above', '100'], '0.0.0').kind).toBe('exit');
  });
});
