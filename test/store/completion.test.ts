import { describe, expect, it } from 'vitest';
import { completeWord, knownSymbols } from '../../store/completion.js';
import { initialConsoleState, type ConsoleState } from '../../store/console-store.js';
import { order, quote } from '../components/fixtures.js';

function state(): ConsoleState {
  return {
    ...initialConsoleState('sim', 'sim'),
    watchlist: ['AAPL', 'MSFT'],
    quotes: { AMZN: quote('AMZN', '1', '1', '1', '1') },
    orders: { x: order({ seq: 1, createdAt: 0, spec: { symbol: 'AMD' } }) },
  };
}

describe('Tab completion', () => {
  it('completes a verb as the first word, with a space after it', () => {
    expect(completeWord('fla', state())).toEqual({ text: 'flatten ', candidates: ['flatten'] });
    expect(completeWord('CAN', state())?.text).toBe('cancel ');
  });

  it('completes a symbol after the verb, whatever case was typed', () => {
    expect(completeWord('buy 10 ms', state())).toEqual({ text: 'buy 10 MSFT ', candidates: ['MSFT'] });
  });

  it('extends to what several candidates share and lists them', () => {
    expect(completeWord('buy 10 a', state())).toEqual({ text: 'buy 10 A', candidates: ['AAPL', 'AMD', 'AMZN'] });
    expect(completeWord('buy 10 AM', state())).toEqual({ text: 'buy 10 AM', candidates: ['AMD', 'AMZN'] });
    expect(completeWord('re', state())).toEqual({ text: 're', candidates: ['replace', 'resume'] });
  });

  it('leaves a word nothing matches as it is', () => {
    expect(completeWord('buy 10 ZZ', state())).toEqual({ text: 'buy 10 ZZ', candidates: [] });
  });

  it('has nothing to complete on an empty line or after a space', () => {
    expect(completeWord('', state())).toBeUndefined();
    expect(completeWord('buy 10 ', state())).toBeUndefined();
  });

  it('knows every symbol the console has seen, once each', () => {
    expect(knownSymbols(state())).toEqual(['AAPL', 'AMD', 'AMZN', 'MSFT']);
  });
});
