import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseArgs, type RunConfig } from '../../src/app/config.js';
import { runHeadless } from '../../src/app/headless.js';

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function runConfig(...argv: string[]): RunConfig {
  const parsed = parseArgs(['run', ...argv], 'test');
  if (parsed.kind !== 'run') throw new Error(`bad test arguments: ${parsed.kind === 'exit' ? parsed.output : parsed.kind}`);
  return parsed.config;
}

describe('blotter run with strategies', () => {
  it('starts strategies from the script, stops those it leaves running, and reports each with the slots’ figures, books equal to the exchange', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blotter-headless-strategies-'));
    dirs.push(dir);
    const { exitCode, report } = await runHeadless(
      runConfig('--data-dir', dir, '--seed', '7', '--tick', '50ms', '--deadline', '10s', '--signal-slots', '2'),
      [
        'strategy start sma-cross AAPL MSFT fast=2 slow=3 size=5 bar=1s mode=reverse',
        'strategy start breakout AAPL',
        'wait 6s',
        'strategy stop sma1 flatten',
      ],
      { configDir: join(dir, 'config') },
    );
    expect(report.commands.map((c) => [c.ok, c.text.slice(0, 40)])).toEqual([
      [true, 'started sma1 on AAPL, sma2 on MSFT (sma-'],
      [false, 'AAPL is already traded by sma1 (sma-cros'],
      [true, 'waited 6s'],
      [true, expect.stringMatching(/^stopped sma1/)],
    ]);
    // The refused start is the only problem: the books equal the exchange's.
    expect(report.problems).toEqual([expect.stringMatching(/^command 2 rejected/)]);
    expect(exitCode).toBe(1);
    expect(report.matches).toEqual({ orders: true, fills: true, positions: true, cash: true });
    const [sma1, sma2] = report.strategies.instances;
    expect(report.strategies.instances.map((i) => [i.id, i.symbol, i.bar, i.state])).toEqual([
      ['sma1', 'AAPL', '1s', 'stopped'],
      ['sma2', 'MSFT', '1s', 'stopped'],
    ]);
    expect(sma1?.position).toBe('0');
    expect((sma1?.signalsSent ?? 0) + (sma2?.signalsSent ?? 0)).toBeGreaterThan(0);
    expect(report.strategies.metrics.slots).toMatchObject({ capacity: 2, inUse: 0 });
    // Each instance's position is what its own orders filled, as the exchange holds it.
    for (const instance of report.strategies.instances) {
      const held = report.exchange?.positions[instance.symbol]?.qty ?? '0';
      expect(instance.position, instance.id).toBe(held);
    }
  }, 60_000);
});
