import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { InvalidProfileNameError } from '../../src/persistence/errors.js';
import { DATA_DIR_ENV, isValidProfileName, profileFile, resolveDataDir } from '../../src/persistence/paths.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('resolveDataDir', () => {
  it('uses $XDG_DATA_HOME/blotter when nothing else is given', () => {
    vi.stubEnv(DATA_DIR_ENV, '');
    vi.stubEnv('XDG_DATA_HOME', '/xdg/data');
    expect(resolveDataDir()).toBe('/xdg/data/blotter');
  });

  it('falls back to ~/.local/share/blotter without XDG_DATA_HOME', () => {
    vi.stubEnv(DATA_DIR_ENV, '');
    vi.stubEnv('XDG_DATA_HOME', '');
    expect(resolveDataDir()).toBe(join(homedir(), '.local', 'share', 'blotter'));
  });

  it('takes BLOTTER_DATA_DIR over the platform default, and an explicit directory over both', () => {
    vi.stubEnv('XDG_DATA_HOME', '/xdg/data');
    vi.stubEnv(DATA_DIR_ENV, '/env/dir');
    expect(resolveDataDir()).toBe('/env/dir');
    expect(resolveDataDir('/flag/dir')).toBe('/flag/dir');
    expect(resolveDataDir('   ')).toBe('/env/dir');
  });

  it('makes a relative directory absolute', () => {
    expect(resolveDataDir('rel/dir')).toBe(resolve('rel/dir'));
  });
});

describe('profileFile', () => {
  it('names the file after the profile', () => {
    expect(profileFile('/data', 'sim')).toBe('/data/sim.json');
    expect(profileFile('/data', 'alpaca-paper')).toBe('/data/alpaca-paper.json');
  });

  it.each(['', 'Sim', '../sim', 'a/b', 'sim.json', 'sim profile', 'x'.repeat(65)])('refuses %j', (name) => {
    expect(isValidProfileName(name)).toBe(false);
    expect(() => profileFile('/data', name)).toThrow(InvalidProfileNameError);
  });

  it('explains the rule in one line', () => {
    expect(() => profileFile('/data', 'Sim')).toThrow('invalid profile name "Sim": use 1-64 lowercase letters, digits and dashes');
  });
});
