import { describe, expect, it } from 'vitest';
import { createCommandHistory } from '../../store/command-history.js';
import { createRedactor, secretsFromEnv } from '../../src/kernel/redact.js';
import { COMMAND_HISTORY_LIMIT } from '../../src/persistence/history-store.js';

describe('command history', () => {
  it('keeps lines oldest first, trimmed, without repeating the newest', () => {
    const saved: (readonly string[])[] = [];
    const history = createCommandHistory(['buy 1 AAPL'], (entries) => saved.push(entries));
    history.add('  sell 1 AAPL ');
    history.add('sell 1 AAPL');
    history.add('buy 1 AAPL');
    expect(history.entries()).toEqual(['buy 1 AAPL', 'sell 1 AAPL', 'buy 1 AAPL']);
    expect(saved).toHaveLength(2);
  });

  it('is bounded to the newest entries', () => {
    const history = createCommandHistory(Array.from({ length: COMMAND_HISTORY_LIMIT + 10 }, (_, i) => `buy ${i} AAPL`));
    history.add('cancel all');
    expect(history.entries()).toHaveLength(COMMAND_HISTORY_LIMIT);
    expect(history.entries()[0]).toBe('buy 11 AAPL');
    expect(history.entries().at(-1)).toBe('cancel all');
  });

  it('never keeps a line that looks like it carries a secret, nor a blank one', () => {
    const history = createCommandHistory(['login APCA_API_SECRET_KEY=abc']);
    history.add('set api_key xyz');
    history.add('token=123');
    history.add('   ');
    expect(history.entries()).toEqual([]);
  });

  it('never keeps a line carrying a configured key, typed in any case, nor one the redaction would change', () => {
    const keyId = 'PK1234567890ABCDEFGH';
    const saved: (readonly string[])[] = [];
    const redact = createRedactor(secretsFromEnv({ APCA_API_KEY_ID: keyId }));
    const history = createCommandHistory([], (entries) => saved.push(entries), redact);
    history.add(`halt ${keyId}`);
    history.add(`halt ${keyId.toLowerCase()}`);
    history.add('halt key=PKXXXX1234');
    history.add('halt news pending');
    expect(history.entries()).toEqual(['halt news pending']);
    expect(saved).toEqual([['halt news pending']]);
  });

  it('rewrites a history saved before a key was configured without the lines that carry it', () => {
    const keyId = 'PK1234567890ABCDEFGH';
    const saved: (readonly string[])[] = [];
    const history = createCommandHistory(['buy 1 AAPL', `halt ${keyId}`, 'cancel all'], (entries) => saved.push(entries), createRedactor([keyId]));
    expect(history.entries()).toEqual(['buy 1 AAPL', 'cancel all']);
    expect(saved).toEqual([['buy 1 AAPL', 'cancel all']]);
  });
});
