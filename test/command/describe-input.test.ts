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
    expect(describeInput('b', quotes)).toEqual({ kind: 'hint', text: `${usage('buy')}   ${usage('backtest')}` });
    expect(describeInput('bu', quotes)).toEqual({ kind: 'hint', text: usage('buy') });
    expect(describeInput('buy ', quotes)).toEqual({ kind: 'hint', text: usage('buy') });
    expect(describeInput('CAN', quotes)).toEqual({ kind: 'hint', text: usage('cancel') });
    expect(describeInput('ex', quotes)).toEqual({ kind: 'hint', text: usage('quit') });
    expect(describeInput('u', quotes)).toEqual({ kind: 'hint', text: usage('unwatch') });
    expect(describeInput('h', quotes)).toEqual({ kind: 'hint', text: `${usage('halt')}   ${usage('help')}` });
    expect(describeInput('re', quotes)).toEqual({ kind: 'hint', text: `${usage('replace')}   ${usage('resume')}` });
    expect(describeInput('met', quotes)).toEqual({ kind: 'hint', text: usage('metrics') });
    expect(describeInput('strategy', quotes)).toEqual({ kind: 'hint', text: usage('strategy') });
  });

  it('shows the parse error once there is more than a verb', () => {
    expect(describeInput('buy 10', quotes)).toEqual({ kind: 'error', text: 'missing symbol after 10, e.g. buy 10 AAPL' });
    expect(describeInput('strategy frob', quotes)).toEqual({
      kind: 'error',
      text: "unknown strategy sub-command 'frob'; use start, stop, pause, resume, reduce or list, e.g. strategy list",
    });
    expect(describeInput('xyz', quotes).kind).toBe('error');
  });

  it('previews a complete one-word command instead of hinting', () => {
    expect(describeInput('help', quotes)).toEqual({ kind: 'preview', text: 'HELP  show commands and keys' });
    expect(describeInput('halt', quotes)).toEqual({ kind: 'preview', text: 'HALT new orders' });
    expect(describeInput('resume', quotes)).toEqual({ kind: 'preview', text: 'RESUME new orders' });
    expect(describeInput('metrics', quotes)).toEqual({ kind: 'preview', text: 'METRICS' });
    expect(describeInput('strategies', quotes)).toEqual({ kind: 'preview', text: 'STRATEGIES  what can be started, with parameters (in the log)' });
  });

  it('follows an order with options as it is typed', () => {
    const steps: [string, string][] = [
      ['buy 10 AAPL @ 187 ttl', 'error'],
      ['buy 10 AAPL @ 187 ttl 3', 'error'],
      ['buy 10 AAPL @ 187 ttl 3s', 'BUY 10 AAPL LIMIT 187.00 DAY  ttl 3s  ≈ $1,870.00'],
      ['buy 10 AAPL @ 187 ttl 30s tp', 'error'],
      ['buy 10 AAPL @ 187 ttl 30s tp 1', 'error'],
      ['buy 10 AAPL @ 187 ttl 30s tp 19', 'error'],
      ['buy 10 AAPL @ 187 ttl 30s tp 195', 'BUY 10 AAPL LIMIT 187.00 DAY  ttl 30s  oto tp 195.00  ≈ $1,870.00'],
      ['buy 10 AAPL @ 187 ttl 30s tp 195 sl 1', 'BUY 10 AAPL LIMIT 187.00 DAY  ttl 30s  bracket tp 195.00 sl 1.00  ≈ $1,870.00'],
      ['buy 10 AAPL @ 187 ttl 30s tp 195 sl 182 partial', 'error'],
      [
        'buy 10 AAPL @ 187 ttl 30s tp 195 sl 182 partial cancel',
        'BUY 10 AAPL LIMIT 187.00 DAY  ttl 30s  bracket tp 195.00 sl 182.00  partial cancel  ≈ $1,870.00',
      ],
    ];
    for (const [text, expected] of steps) {
      const description = describeInput(text, quotes);
      if (expected === 'error') expect(description.kind, text).toBe('error');
      else expect(description, text).toEqual({ kind: 'preview', text: expected });
    }
    expect(describeInput('buy 10 AAPL @ 187 ttl 30s tp 1', quotes)).toEqual({
      kind: 'error',
      text: 'take-profit 1 must be above the entry price 187 for a buy, e.g. buy 10 AAPL @ 187 tp 195 sl 182',
    });
  });

  it('previews a halt reason as it is typed', () => {
    expect(describeInput('halt news', quotes)).toEqual({ kind: 'preview', text: 'HALT new orders (news)' });
    expect(describeInput('halt news pending ', quotes)).toEqual({ kind: 'preview', text: 'HALT new orders (news pending)' });
  });
});
