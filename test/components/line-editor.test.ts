import { describe, expect, it } from 'vitest';
import { backspace, editLine } from '../../components/line-editor.js';

describe('editLine', () => {
  it('appends printable characters', () => {
    expect(editLine('buy', ' 10')).toEqual({ buffer: 'buy 10', submitted: [] });
  });

  it('walks a burst: backspace and Enter inside one chunk', () => {
    expect(editLine('', 'buy 1\x7f2 AAPL\r')).toEqual({ buffer: '', submitted: ['buy 2 AAPL'] });
    expect(editLine('xyz', '\x7f\x7fZ\r')).toEqual({ buffer: '', submitted: ['xZ'] });
  });

  it('clears at each Enter, so a second Enter cannot resend the line', () => {
    expect(editLine('', 'x\r\r')).toEqual({ buffer: '', submitted: ['x'] });
  });

  it('submits every completed line of a paste and keeps the unfinished rest', () => {
    expect(editLine('', 'a 1\nb 2\r\nc')).toEqual({ buffer: 'c', submitted: ['a 1', 'b 2'] });
  });

  it('trims what it submits and drops blank lines', () => {
    expect(editLine('  ', ' sell 5 MSFT  \r   \r')).toEqual({ buffer: '', submitted: ['sell 5 MSFT'] });
  });

  it('drops control characters other than Enter and Backspace', () => {
    expect(editLine('', 'a\x01\tb\x1bc\x9bd')).toEqual({ buffer: 'abcd', submitted: [] });
  });

  it('backspaces whole characters, not halves of a surrogate pair', () => {
    expect(editLine('ok👍', '\x7f')).toEqual({ buffer: 'ok', submitted: [] });
    expect(backspace('ok👍')).toBe('ok');
    expect(backspace('')).toBe('');
  });

  it('backspace on an empty line does nothing', () => {
    expect(editLine('', '\b\b\x7fa')).toEqual({ buffer: 'a', submitted: [] });
  });
});
