import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidSymbol } from '../../src/domain/symbol.js';
import { parse } from '../../src/command/parse.js';
import { errorOf, intentOf } from './helpers.js';

describe('parse: strategy commands', () => {
  it.each([
    ['strategy start sma-cross AAPL', { kind: 'strategy-start', name: 'sma-cross', symbols: ['AAPL'], settings: [] }],
    [
      'STRATEGY Start SMA-Cross aapl msft fast=5 Slow=20 bar=5s',
      { kind: 'strategy-start', name: 'sma-cross', symbols: ['AAPL', 'MSFT'], settings: ['fast=5', 'Slow=20', 'bar=5s'] },
    ],
    ['strategy start breakout brk.b max-notional=$5000', { kind: 'strategy-start', name: 'breakout', symbols: ['BRK.B'], settings: ['max-notional=$5000'] }],
    ['strategy stop sma1', { kind: 'strategy-stop', target: { kind: 'instance', id: 'sma1' }, flatten: false }],
    ['strategy stop BRK12 Flatten', { kind: 'strategy-stop', target: { kind: 'instance', id: 'brk12' }, flatten: true }],
    ['strategy stop all flatten', { kind: 'strategy-stop', target: { kind: 'all' }, flatten: true }],
    ['strategy pause sma1', { kind: 'strategy-pause', target: { kind: 'instance', id: 'sma1' } }],
    ['strategy resume ALL', { kind: 'strategy-resume', target: { kind: 'all' } }],
    ['strategy reduce bll3', { kind: 'strategy-reduce', target: { kind: 'instance', id: 'bll3' } }],
    ['strategy list', { kind: 'strategy-list' }],
    ['strategies', { kind: 'strategies' }],
    ['resume', { kind: 'resume' }],
  ])('%s', (text, intent) => {
    expect(intentOf(text)).toEqual(intent);
  });

  it.each([
    ['strategy', 'strategy what? use start, stop, pause, resume, reduce or list, e.g. strategy start sma-cross AAPL or strategy list'],
    ['strategy begin sma-cross AAPL', "unknown strategy sub-command 'begin'; use start, stop, pause, resume, reduce or list, e.g. strategy list"],
    ['strategy start', 'strategy start needs a strategy and a symbol, e.g. strategy start sma-cross AAPL (strategies lists what can be started)'],
    ['strategy start sma-cross', 'strategy start sma-cross on which symbol? e.g. strategy start sma-cross AAPL'],
    ['strategy start fast=5', "name the strategy and its symbols before 'fast=5', e.g. strategy start sma-cross AAPL fast=5"],
    ['strategy start sma_cross AAPL', "'sma_cross' is not a strategy name; names are words joined by hyphens like sma-cross (strategies lists them)"],
    ['strategy start sma-cross fast=5 AAPL', 'name a symbol before the settings, e.g. strategy start sma-cross AAPL fast=5'],
    ['strategy start sma-cross AAPL fast=5 msft', 'symbols go before the settings: move MSFT before fast=5, e.g. strategy start sma-cross AAPL MSFT fast=5'],
    ['strategy start sma-cross AAPL fast=5 slow20', "'slow20' is not a setting; write key=value, e.g. strategy start sma-cross AAPL fast=5"],
    ['strategy start sma-cross AAPL fast=', "'fast=' is not a setting; write key=value, e.g. strategy start sma-cross AAPL fast=5"],
    ['strategy start sma-cross AAPL =5', "'=5' is not a setting; write key=value, e.g. strategy start sma-cross AAPL fast=5"],
    ['strategy start sma-cross AAPL fast=5 FAST=8', 'fast is given twice; give it once, e.g. strategy start sma-cross AAPL FAST=8'],
    ['strategy start sma-cross AAPL12', "'AAPL12' is not a symbol; use 1–5 letters like AAPL or BRK.B, e.g. strategy start sma-cross AAPL"],
    ['strategy start sma-cross AAPL msft aapl', 'AAPL is named twice; name each symbol once, e.g. strategy start sma-cross AAPL MSFT'],
    ['strategy stop', 'strategy stop which? name an instance id or all, e.g. strategy stop sma1 or strategy stop all'],
    ['strategy stop flatten', 'strategy stop which? name an instance id or all, e.g. strategy stop sma1 or strategy stop all'],
    ['strategy stop AAPL', "'AAPL' is not a strategy id; ids look like sma1 (strategy list shows them), e.g. strategy stop sma1 or strategy stop all"],
    ['strategy stop sma1 now', "strategy stop takes an id or all and then only flatten; remove 'now', e.g. strategy stop sma1 flatten"],
    ['strategy stop sma1 flatten now', "strategy stop takes an id or all and then only flatten; remove 'now', e.g. strategy stop sma1 flatten"],
    ['strategy pause sma1 flatten', 'flatten goes with stop only, e.g. strategy stop sma1 flatten'],
    ['strategy reduce all flatten', 'flatten goes with stop only, e.g. strategy stop all flatten'],
    ['strategy resume', 'strategy resume which? name an instance id or all, e.g. strategy resume sma1 or strategy resume all'],
    ['strategy resume sma1 brk2', "strategy resume takes one id or all; remove 'brk2', e.g. strategy resume sma1"],
    ['strategy list all', "strategy list takes nothing after it; remove 'all'"],
    ['strategies sma-cross', "strategies takes nothing after it; remove 'sma-cross'"],
  ])('refuses %j', (text, error) => {
    expect(errorOf(text)).toBe(error);
  });

  it('starts only valid symbols, each once in the order typed, with each setting key once', () => {
    const word = fc.oneof(
      fc.constantFrom('AAPL', 'aapl', 'MSFT', 'brk.b', 'TOOLONG', 'x1', 'fast=5', 'FAST=6', 'slow=20', 'bar=5s', 'fast=', '=1', 'a=b=c'),
      fc.stringMatching(/^[A-Za-z]{1,6}$/),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 6 }), (words) => {
        const result = parse(['strategy start sma-cross', ...words].join(' '));
        if (!result.ok) {
          expect(result.error).not.toMatch(/[\r\n]/);
          return;
        }
        if (result.intent.kind !== 'strategy-start') return expect.fail(`not a start: ${result.intent.kind}`);
        const { symbols, settings } = result.intent;
        expect(symbols.length).toBeGreaterThan(0);
        expect(symbols.every(isValidSymbol)).toBe(true);
        expect(new Set(symbols).size).toBe(symbols.length);
        expect(symbols).toEqual(words.slice(0, symbols.length).map((w) => w.toUpperCase()));
        expect(settings).toEqual(words.slice(symbols.length));
        const keys = settings.map((s) => s.slice(0, s.indexOf('=')).toLowerCase());
        expect(new Set(keys).size).toBe(keys.length);
      }),
      { numRuns: 2000 },
    );
  });
});
