import { describe, expect, it } from 'vitest';
import { describeInput } from '../../src/command/describe-input.js';

describe('strategy command preview', () => {
  it.each([
    ['strategy start sma-cross AAPL fast=5 slow=20', 'START sma-cross on AAPL (fast=5 slow=20)'],
    ['strategy start sma-cross aapl', 'START sma-cross on AAPL (default settings)'],
    ['strategy start breakout AAPL MSFT', 'START breakout on AAPL and MSFT, one instance each (default settings)'],
    ['strategy start bollinger AAPL MSFT NVDA bar=5s', 'START bollinger on AAPL, MSFT and NVDA, one instance each (bar=5s)'],
    ['strategy stop sma1', 'STOP sma1, cancel its orders'],
    ['strategy stop sma1 flatten', 'STOP sma1, cancel its orders and close its position'],
    ['strategy stop all', 'STOP ALL strategies, cancel their orders'],
    ['strategy stop all flatten', 'STOP ALL strategies, cancel their orders and close their positions'],
    ['strategy pause sma1', 'PAUSE sma1: no new signals; working orders stay'],
    ['strategy pause all', 'PAUSE ALL running strategies: no new signals; working orders stay'],
    ['strategy resume sma1', 'RESUME sma1: act on signals again'],
    ['strategy resume all', 'RESUME ALL paused and reducing strategies: act on signals again'],
    ['strategy reduce brk2', 'REDUCE brk2: only orders that shrink a position'],
    ['strategy reduce all', 'REDUCE ALL running and paused strategies: only orders that shrink a position'],
    ['strategy list', 'STRATEGY LIST  every instance with its state and P&L (in the log)'],
    ['strategies', 'STRATEGIES  what can be started, with parameters (in the log)'],
  ])('%s → %s', (text, expected) => {
    expect(describeInput(text)).toEqual({ kind: 'preview', text: expected });
  });

  it('follows a start as it is typed, asking for the symbol until there is one', () => {
    const steps: [string, string][] = [
      ['strategy start', 'error'],
      ['strategy start sma-cross', 'error'],
      ['strategy start sma-cross AAPL', 'START sma-cross on AAPL (default settings)'],
      ['strategy start sma-cross AAPL fast', 'START sma-cross on AAPL and FAST, one instance each (default settings)'],
      ['strategy start sma-cross AAPL fast=', 'error'],
      ['strategy start sma-cross AAPL fast=5', 'START sma-cross on AAPL (fast=5)'],
    ];
    for (const [text, expected] of steps) {
      const description = describeInput(text);
      if (expected === 'error') expect(description.kind, text).toBe('error');
      else expect(description, text).toEqual({ kind: 'preview', text: expected });
    }
  });
});
