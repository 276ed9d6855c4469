import { describe, expect, it } from 'vitest';
import { parseArgs, type ParsedArgs } from '../../src/app/config.js';
import { FAULT_PRESETS } from '../../src/broker/sim/fault-presets.js';

const parse = (...argv: string[]): ParsedArgs => parseArgs(argv, '1.2.3');

function usageError(parsed: ParsedArgs): string {
  if (parsed.kind !== 'exit') throw new Error(`expected a usage error, got ${parsed.kind}`);
  expect(parsed.code).toBe(2);
  expect(parsed.output.split('\n')).toHaveLength(1);
  return parsed.output;
}

describe('parseArgs', () => {
  it('opens the console with the defaults when given nothing', () => {
    expect(parse()).toEqual({ kind: 'console', config: { seed: undefined, dataDir: undefined, profile: 'sim', engine: {} } });
  });

  it('passes the shared flags to the session: seed, data, profile, faults, market tick, order timeout, rate limit', () => {
    const parsed = parse('--seed', '42', '--data-dir', '/tmp/b', '--profile', 'day-2', '--faults', 'chaos', '--order-timeout', '2m', '--rate-limit', '200', '--tick', '50ms');
    expect(parsed).toEqual({
      kind: 'console',
      config: {
        seed: 42,
        dataDir: '/tmp/b',
        profile: 'day-2',
        faults: FAULT_PRESETS.chaos,
        tickMs: 50,
        engine: { orderTimeoutMs: 120_000, rateLimit: { limit: 200, intervalMs: 60_000 } },
      },
    });
  });

  it.each([
    ['0', 0],
    ['off', 0],
    ['OFF', 0],
    ['500ms', 500],
    ['30s', 30_000],
    ['1.5s', 1500],
    ['1h', 3_600_000],
  ])('reads --order-timeout %s as %d ms', (text, ms) => {
    const parsed = parse('--order-timeout', text);
    expect(parsed.kind === 'console' && parsed.config.engine?.orderTimeoutMs).toBe(ms);
  });

  it('reads a run with its own options, fresh by default', () => {
    expect(parse('run', '--seed', '7', '--faults', 'drop=0.1', '--script', 'orders.txt', '--deadline', '20s', '--pretty')).toEqual({
      kind: 'run',
      config: {
        seed: 7,
        dataDir: undefined,
        profile: 'sim',
        faults: { drop: 0.1 },
        engine: {},
        script: 'orders.txt',
        deadlineMs: 20_000,
        fresh: true,
        pretty: true,
      },
    });
  });

  it('reads standard input when no script is named, and waits 60s by default', () => {
    const parsed = parse('run', '--fresh');
    expect(parsed).toMatchObject({ kind: 'run', config: { script: '-', deadlineMs: 60_000, fresh: true, pretty: false } });
  });

  it('runs against a stored profile only when --data-dir says so', () => {
    expect(parse('run', '--data-dir', '/tmp/b')).toMatchObject({ kind: 'run', config: { dataDir: '/tmp/b', fresh: false } });
    // Shared flags given before `run` count too.
    expect(parse('--data-dir', '/tmp/b', '--seed', '3', 'run')).toMatchObject({ kind: 'run', config: { dataDir: '/tmp/b', seed: 3, fresh: false } });
  });

  it.each([
    [['--faults', 'bogus'], /--faults.*unknown preset bogus.*valid parts/],
    [['--faults', 'drop=2'], /not a probability/],
    [['--order-timeout', '30'], /--order-timeout.*30s, 2m/],
    [['--order-timeout', '48h'], /up to 24h/],
    [['--rate-limit', '0'], /--rate-limit.*1 to 100000/],
    [['--rate-limit', 'fast'], /--rate-limit/],
    [['--tick', '1ms'], /--tick.*10ms to 60s/],
    [['--tick', 'often'], /--tick/],
    [['--seed', '-1'], /--seed/],
    [['--profile', '../etc'], /--profile/],
    [['--data-dir', ''], /--data-dir/],
    [['run', '--deadline', 'soon'], /--deadline/],
    [['run', '--fresh', '--data-dir', '/tmp/b'], /--fresh and --data-dir/],
    [['run', 'orders.txt'], /too many arguments/],
    [['trade'], /unknown command 'trade'/],
    [['--nope'], /unknown option '--nope'/],
  ])('refuses %j with a one-line error and exit status 2', (argv, message) => {
    expect(usageError(parse(...argv))).toMatch(message);
  });

  it('lists every option in the help, and exits 0', () => {
    const main = parse('--help');
    const run = parse('run', '--help');
    expect(main).toMatchObject({ kind: 'exit', code: 0 });
    expect(run).toMatchObject({ kind: 'exit', code: 0 });
    const text = (parsed: ParsedArgs): string => (parsed.kind === 'exit' ? parsed.output : '');
    for (const flag of ['--seed', '--data-dir', '--profile', '--faults', '--order-timeout', '--rate-limit', '--tick', 'run [options]']) {
      expect(text(main)).toContain(flag);
    }
    for (const flag of ['--faults', '--order-timeout', '--rate-limit', '--script', '--deadline', '--fresh', '--pretty', 'Exit status']) {
      expect(text(run)).toContain(flag);
    }
  });

  it('prints the version', () => {
    expect(parse('--version')).toEqual({ kind: 'exit', code: 0, output: '1.2.3' });
  });
});
