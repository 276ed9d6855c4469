import { describe, expect, it } from 'vitest';
import { backspace, deleteWord } from '../../components/line-editor.js';

describe('backspace', () => {
  it('removes whole characters, not halves of a surrogate pair', () => {
    expect(backspace('buy 10')).toBe('buy 1');
    expect(backspace('ok👍')).toBe('ok');
  });

  it('does nothing on an empty line', () => {
    expect(backspace('')).toBe('');
  });
});

describe('deleteWord', () => {
  it('removes the last word and the spaces after it, as a shell does', () => {
    expect(deleteWord('buy 10 AAPL')).toBe('buy 10 ');
    expect(deleteWord('buy 10 ')).toBe('buy ');
    expect(deleteWord('buy')).toBe('');
    expect(deleteWord('')).toBe('');
  });
});
