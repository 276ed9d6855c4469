import { describe, expect, it } from 'vitest';
import { parseArgs, type ParsedArgs } from '../../src/app/config.js';

const parse = (...argv: string[]): ParsedArgs => parseArgs(argv, '1.2.3');

function usageError(parsed: ParsedArgs): string {
  if (parsed.kind !== 'exit') throw new Error(`expected a usage error, got ${parsed.kind}`);
  expect(parsed.code).toBe(2);
  expect(parsed.output.split('\n')).toHaveLength(1);
  return parsed.output;
}

function local(year: number, month: number, day: number, hour = 0, minute = 0): number {
  return new Date(year, month - 1, day, hour, minute).getTime();
}

describe('parseArgs: blotter export', () => {
  it('reads a kind with the defaults: CSV, every date, the default profile and data directory', () => {
    expect(parse('export', 'fills')).toEqual({ kind: 'export', config: { kind: 'fills', range: {}, format: 'csv', dataDir: undefined, profile: 'sim' } });
  });

  it('reads every option', () => {
    expect(parse('export', 'trades', '--from', '2026-12-01', '--to', '2026-12-31', '--format', 'json', '--data-dir', '/tmp/b', '--profile', 'day-2')).toEqual({
      kind: 'export',
      config: { kind: 'trades', range: { from: local(2026, 12, 1), to: local(2027, 1, 1) - 1 }, format: 'json', dataDir: '/tmp/b', profile: 'day-2' },
    });
    expect(parse('export', 'orders', '--from', '2026-12-01T14:30Z')).toMatchObject({ config: { kind: 'orders', range: { from: Date.UTC(2026, 11, 1, 14, 30) } } });
  });

  it('takes --data-dir and --profile given before the command, as `blotter run` does', () => {
    expect(parse('--data-dir', '/tmp/b', '--profile', 'day-2', 'export', 'orders')).toMatchObject({ config: { dataDir: '/tmp/b', profile: 'day-2' } });
  });

  it('takes the same day as --from and --to: that whole day', () => {
    expect(parse('export', 'fills', '--from', '2026-12-01', '--to', '2026-12-01')).toMatchObject({
      config: { range: { from: local(2026, 12, 1), to: local(2026, 12, 2) - 1 } },
    });
  });

  it.each([
    [['export'], "error: missing required argument 'kind'"],
    [['export', 'positions'], "error: command-argument value 'positions' is invalid for argument 'kind'. use orders, fills or trades, e.g. blotter export fills"],
    [['export', 'fills', '--from', '2026-02-30'], "error: option '--from <date>' argument '2026-02-30' is invalid. use a date such as 2026-12-01 (a whole local day) or a date-time such as 2026-12-01T14:30 or 2026-12-01T14:30Z"],
    [['export', 'fills', '--to', 'yesterday'], "error: option '--to <date>' argument 'yesterday' is invalid. use a date such as 2026-12-01 (a whole local day) or a date-time such as 2026-12-01T14:30 or 2026-12-01T14:30Z"],
    [['export', 'fills', '--from', '2026-12-05', '--to', '2026-12-01'], 'error: --from 2026-12-05 is after --to 2026-12-01; give the earlier time to --from'],
    [['export', 'fills', '--format', 'xlsx'], "error: option '--format <format>' argument 'xlsx' is invalid. use csv or json"],
    [['export', 'fills', '--profile', 'Sim'], "error: option '--profile <name>' argument 'Sim' is invalid. use lower-case letters, digits and dashes, e.g. --profile sim"],
    [['export', 'fills', '--seed', '4'], "error: unknown option '--seed'"],
    [['export', 'fills', 'trades'], "error: too many arguments for 'export'. Expected 1 argument but got 2."],
  ])('refuses %j: %s', (argv, message) => {
    expect(usageError(parse(...argv))).toBe(message);
  });

  it('explains the kinds, the dates and the exit status in its help', () => {
    const parsed = parse('export', '--help');
    expect(parsed).toMatchObject({ kind: 'exit', code: 0 });
    const help = parsed.kind === 'exit' ? parsed.output : '';
    expect(help).toContain('A DATE is a whole day in local time');
    expect(help).toContain('Times are written in UTC');
    expect(help).toContain('trades   round trips per symbol');
  });
});
