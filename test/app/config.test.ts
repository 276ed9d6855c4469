import { describe, expect, it } from 'vitest';
import { parseArgs, type ParsedArgs } from '../../src/app/config.js';
import { FAULT_PRESETS } from '../../src/broker/sim/fault-presets.js';
import { dec } from '../../src/domain/decimal.js';

const parse = (...argv: string[]): ParsedArgs => parseArgs(argv, '1.2.3');

function usageError(parsed: ParsedArgs): string {
  if (parsed.kind !== 'exit') throw new Error(`expected a usage error, got ${parsed.kind}`);
  expect(parsed.code).toBe(2);
  expect(parsed.output.split('\n')).toHaveLength(1);
  return parsed.output;
}

describe('parseArgs', () => {
  it('opens the console with the defaults when given nothing', () => {
    expect(parse()).toEqual({ kind: 'console', config: { broker: 'sim', seed: undefined, dataDir: undefined, profile: 'sim', engine: {} } });
  });

  it('passes the shared flags to the session: seed, data, profile, faults, market tick, order timeout, rate limit', () => {
    const parsed = parse('--seed', '42', '--data-dir', '/tmp/b', '--profile', 'day-2', '--faults', 'chaos', '--order-timeout', '2m', '--rate-limit', '200', '--tick', '50ms');
    expect(parsed).toEqual({
      kind: 'console',
      config: {
        broker: 'sim',
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
    ['2M', 120_000],
    ['1h', 3_600_000],
    ['24h', 86_400_000],
  ])('reads --order-timeout %s as %d ms', (text, ms) => {
    const parsed = parse('--order-timeout', text);
    expect(parsed.kind === 'console' && parsed.config.engine?.orderTimeoutMs).toBe(ms);
  });

  it('reads a run with its own options, fresh by default', () => {
    expect(parse('run', '--seed', '7', '--faults', 'drop=0.1', '--script', 'orders.txt', '--deadline', '20s', '--pretty')).toEqual({
      kind: 'run',
      config: {
        broker: 'sim',
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

  it('picks the broker by --broker, for the console and for a run', () => {
    expect(parse('--broker', 'sim')).toMatchObject({ kind: 'console', config: { broker: 'sim' } });
    expect(parse('run', '--broker', 'SIM')).toMatchObject({ kind: 'run', config: { broker: 'sim' } });
    expect(parse('run')).toMatchObject({ kind: 'run', config: { broker: 'sim' } });
  });

  it('takes Alpaca\'s base URL and --live for the console and a run; neither is set unless given', () => {
    expect(parse('--broker', 'alpaca', '--alpaca-url', 'http://127.0.0.1:18080', '--live')).toMatchObject({
      kind: 'console',
      config: { broker: 'alpaca', alpacaUrl: 'http://127.0.0.1:18080', live: true },
    });
    expect(parse('run', '--broker', 'alpaca', '--alpaca-url', 'https://paper-api.alpaca.markets')).toMatchObject({ kind: 'run', config: { alpacaUrl: 'https://paper-api.alpaca.markets' } });
    const plain = parse('--broker', 'alpaca');
    expect(plain.kind === 'console' && ('alpacaUrl' in plain.config || 'live' in plain.config)).toBe(false);
  });

  it("keeps each broker's books in a profile of its own unless --profile says otherwise", () => {
    expect(parse('--broker', 'alpaca')).toMatchObject({ config: { profile: 'alpaca' } });
    expect(parse('run', '--broker', 'alpaca', '--live')).toMatchObject({ config: { profile: 'alpaca-live' } });
    expect(parse('--broker', 'alpaca', '--profile', 'swing')).toMatchObject({ config: { profile: 'swing' } });
    expect(parse('run')).toMatchObject({ config: { profile: 'sim' } });
  });

  it('passes the simulated costs on as plain data, for the console and for a run', () => {
    expect(parse('--commission', 'per-share:0.005,min:1', '--slippage', 'bps:2')).toMatchObject({
      kind: 'console',
      config: { commission: { model: 'per-share', perShare: dec('0.005'), minimum: dec(1) }, slippage: { model: 'bps', bps: dec(2) } },
    });
    expect(parse('run', '--commission', 'fixed:1')).toMatchObject({ kind: 'run', config: { commission: { model: 'fixed', amount: dec(1) } } });
    const none = parse();
    expect(none.kind === 'console' && ('commission' in none.config || 'slippage' in none.config)).toBe(false);
  });

  it.each([
    [['run', '--broker', 'ib'], /^error: .*--broker.*unknown broker "ib"; known brokers: sim, alpaca$/],
    [['--alpaca-url', 'ftp://127.0.0.1:18080'], /--alpaca-url.*give an http\(s\) base URL, e\.g\. --alpaca-url http:\/\/127\.0\.0\.1:18080/],
    [['--commission', 'per-share:abc'], /--commission.*per-share:abc is not a non-negative number; use none, per-share:0\.005\[,min:1\]/],
    [['--commission', 'flat:1'], /--commission.*unknown commission model flat; use none/],
    [['--slippage', 'ticks:1'], /--slippage.*unknown slippage model ticks; use none, bps:2 or size:10/],
    [['--slippage', 'bps:5000'], /--slippage.*bps:5000 is more than 1000/],
    [['--faults', 'bogus'], /--faults.*unknown preset bogus.*valid parts/],
    [['--faults', 'drop=2'], /not a probability/],
    [['--order-timeout', '30'], /--order-timeout.*'30' needs a unit: write 30s; 0 or off for none$/],
    [['--order-timeout', '48h'], /'48h' is more than 24h/],
    [['--order-timeout', '-5s'], /'-5s' is negative/],
    [['--order-timeout', '30x'], /'30x' has an unknown unit 'x'; use ms, s, m or h/],
    [['--rate-limit', '0'], /--rate-limit.*1 to 100000/],
    [['--rate-limit', 'fast'], /--rate-limit/],
    [['--tick', '1ms'], /--tick.*10ms to 60s/],
    [['--tick', 'often'], /--tick.*'often' is not a duration; write milliseconds, seconds, minutes or hours like 500ms, 30s, 2m or 1h; use a duration from 10ms to 60s/],
    [['--seed', '-1'], /--seed/],
    [['--profile', '../etc'], /--profile/],
    [['--data-dir', ''], /--data-dir/],
    [['run', '--deadline', 'soon'], /--deadline.*'soon' is not a duration/],
    [['run', '--deadline', '20'], /--deadline.*'20' needs a unit: write 20s; 0 reports at once$/],
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
    for (const flag of ['--broker', '--seed', '--data-dir', '--profile', '--faults', '--commission', '--slippage', '--order-timeout', '--rate-limit', '--tick', 'run [options]']) {
      expect(text(main)).toContain(flag);
    }
    for (const flag of ['--broker', '--faults', '--commission', '--slippage', '--order-timeout', '--rate-limit', '--script', '--deadline', '--fresh', '--pretty', 'Exit status']) {
      expect(text(run)).toContain(flag);
    }
  });

  it('prints the version', () => {
    expect(parse('--version')).toEqual({ kind: 'exit', code: 0, output: '1.2.3' });
  });
});
