import { describe, expect, it } from 'vitest';
import { dec } from '../../src/domain/decimal.js';
import { COMMANDS } from '../../src/command/commands.js';
import { describeInput } from '../../src/command/describe-input.js';

const quotes = (symbol: string) =>
  symbol === 'AAPL' ? { bid: dec('187.42'), ask: dec('187.44'), last: dec('187.43') } : undefined;

const usage = (verb: string) => COMMANDS.find((c) => c.verb === verb)?.usage;

describe('describeInput', () => {
  it('is empty for blank text', () => {
    expect(describeInput('', quotes)).toEqual({ kind: 'empty' });
    expect(describeInput('   ', quotes)).toEqual({ kind: 'empty' });
  });

  it('previews a complete command', () => {
    expect(describeInput('buy 10 AAPL @ 187', quotes)).toEqual({
      kind: 'preview',
      text: 'BUY 10 AAPL LIMIT 187.00 DAY  ≈ $1,870.00',
    });
    expect(describeInput('sell 10 aapl', quotes)).toEqual({ kind: 'preview', text: 'SELL 10 AAPL MKT DAY  ≈ $1,874.20' });
    expect(describeInput('buy 10 AAPL')).toEqual({ kind: 'preview', text: 'BUY 10 AAPL MKT DAY' });
  });

  it('shows the usage while only (part of) a verb is typed', () => {
    expect(describeInput('b', quotes)).toEqual({ kind: 'hint', text: usage('buy') });
    expect(describeInput('buy ', quotes)).toEqual({ kind: 'hint', text: usage('buy') });
    expect(describeInput('CAN', quotes)).toEqual({ kind: 'hint', text: usage('cancel') });
    expect(describeInput('ex', quotes)).toEqual({ kind: 'hint', text: usage('quit') });
    expect(describeInput('u', quotes)).toEqual({ kind: 'hint', text: usage('unwatch') });
  });

  it('shows the parse error once there is more than a verb', () => {
    expect(describeInput('buy 10', quotes)).toEqual({ kind: 'error', text: 'missing symbol after 10, e.g. buy 10 AAPL' });
    expect(describeInput('halt', quotes)).toEqual({
      kind: 'error',
      text: 'halt is not available yet in this build; ? lists what is',
    });
    expect(describeInput('xyz', quotes).kind).toBe('error');
  });

  it('previews a complete one-word command instead of hinting', () => {
    expect(describeInput('help', quotes)).toEqual({ kind: 'preview', text: 'HELP  show commands and keys' });
  });
});
