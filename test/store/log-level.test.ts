import { describe, expect, it } from 'vitest';
import { createConsoleStore, initialConsoleState } from '../../store/console-store.js';
import { createConsoleActions } from '../../store/create-console-actions.js';

describe('the log level', () => {
  it('starts at info and cycles info → warn → error → debug → info', () => {
    const store = createConsoleStore(initialConsoleState('sim', 'sim'));
    const actions = createConsoleActions({
      store,
      run: () => Promise.reject(new Error('no commands here')),
      now: () => 0,
      onQuit: () => {},
    });
    const seen = [store.getState().logLevel];
    for (let i = 0; i < 4; i++) {
      actions.cycleLogLevel();
      seen.push(store.getState().logLevel);
    }
    expect(seen).toEqual(['info', 'warn', 'error', 'debug', 'info']);
  });
});
