import { describe, expect, it } from 'vitest';
import { isValidSymbol, normalizeSymbol } from '../../src/domain/symbol.js';

describe('normalizeSymbol()', () => {
  it('trims and upper-cases what the trader typed', () => {
    expect(normalizeSymbol('aapl')).toBe('AAPL');
    expect(normalizeSymbol('  msft \t')).toBe('MSFT');
    expect(normalizeSymbol('brk.b')).toBe('BRK.B');
  });

  it('leaves an already normal symbol alone', () => {
    expect(normalizeSymbol('NVDA')).toBe('NVDA');
  });
});

describe('isValidSymbol()', () => {
  it('accepts one to five capital letters', () => {
    for (const symbol of ['F', 'GE', 'IBM', 'AAPL', 'GOOGL']) expect(isValidSymbol(symbol), symbol).toBe(true);
  });

  it('accepts a one-letter class suffix', () => {
    expect(isValidSymbol('BRK.B')).toBe(true);
    expect(isValidSymbol('BF.A')).toBe(true);
  });

  it('refuses anything else', () => {
    for (const symbol of ['', 'ABCDEF', 'TOOLONG', 'aapl', 'Aapl', ' AAPL', 'AAPL ', 'BRK.', 'BRK.BB', '.B', 'BRK/B', 'A1', '1234', 'AA PL', 'BRK.b']) {
      expect(isValidSymbol(symbol), JSON.stringify(symbol)).toBe(false);
    }
  });

  it('accepts what normalizeSymbol makes of a lower-case ticker with spaces', () => {
    expect(isValidSymbol(normalizeSymbol(' brk.b '))).toBe(true);
  });
});
