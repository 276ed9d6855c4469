import { describe, expect, it } from 'vitest';
import { clipText } from '../../src/kernel/clip-text.js';

describe('clipping text', () => {
  it('leaves text within the limit as it is', () => {
    expect(clipText('buy 10 AAPL', 11)).toBe('buy 10 AAPL');
  });

  it('cuts longer text to the limit, the last character an ellipsis', () => {
    const clipped = clipText('x'.repeat(100_000), 500);
    expect(clipped).toHaveLength(500);
    expect(clipped.endsWith('x…')).toBe(true);
  });

  it('counts an emoji as one character and never cuts one in half', () => {
    expect(clipText('📈📈📈', 3)).toBe('📈📈📈');
    expect(clipText('📈📈📈📈', 3)).toBe('📈📈…');
  });
});
