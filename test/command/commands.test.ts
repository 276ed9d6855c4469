import { describe, expect, it } from 'vitest';
import { COMMANDS, commandsStartingWith, findCommand } from '../../src/command/commands.js';
import { parse } from '../../src/command/parse.js';

describe('COMMANDS', () => {
  it('gives every command a usage starting with its verb and a description', () => {
    for (const command of COMMANDS) {
      expect(command.usage.startsWith(command.verb)).toBe(true);
      expect(command.description.length).toBeGreaterThan(0);
    }
  });

  it('lists only verbs and aliases the parser understands', () => {
    for (const word of COMMANDS.flatMap((c) => [c.verb, ...c.aliases])) {
      const result = parse(word);
      if (!result.ok) expect(result.error).not.toMatch(/unknown command|not available yet/);
    }
  });

  it('lists the strategy commands for help and Tab, apart from the resume after a halt', () => {
    expect(findCommand('Strategy')?.usage).toBe(
      'strategy start NAME SYMBOL... [KEY=VALUE...] | stop ID|all [flatten] | pause|resume|reduce ID|all | list',
    );
    expect(findCommand('strategies')?.usage).toBe('strategies');
    expect(commandsStartingWith('str').map((c) => c.verb)).toEqual(['strategy', 'strategies']);
    expect(findCommand('resume')?.usage).toBe('resume');
  });

  it('documents every place option in the buy and sell usage', () => {
    for (const verb of ['buy', 'sell']) {
      const usage = COMMANDS.find((c) => c.verb === verb)?.usage ?? '';
      for (const word of ['[ttl ', '[tp PRICE]', '[sl PRICE]', '[partial keep|cancel]']) expect(usage).toContain(word);
    }
  });

  it('finds commands by verb, alias and prefix, ignoring case', () => {
    expect(findCommand('EXIT')?.verb).toBe('quit');
    expect(findCommand('?')?.verb).toBe('help');
    expect(findCommand('bu')).toBeUndefined();
    expect(findCommand('HALT')?.verb).toBe('halt');
    expect(findCommand('resume')?.verb).toBe('resume');
    expect(findCommand('metrics')?.verb).toBe('metrics');
    expect(commandsStartingWith('W').map((c) => c.verb)).toEqual(['watch']);
    expect(commandsStartingWith('h').map((c) => c.verb)).toEqual(['halt', 'help']);
    expect(commandsStartingWith('').length).toBe(COMMANDS.length);
  });
});
