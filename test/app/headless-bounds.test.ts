import { describe, expect, it } from 'vitest';
import { parseArgs, type RunConfig } from '../../src/app/config.js';
import { runHeadless } from '../../src/app/headless.js';

function runConfig(...argv: string[]): RunConfig {
  const parsed = parseArgs(['run', ...argv], 'test');
  if (parsed.kind !== 'run') throw new Error(`bad test arguments: ${parsed.kind}`);
  return parsed.config;
}

describe('blotter run, with lines too long to be commands', () => {
  it('records each as refused with its clipped start and goes on; the report stays small', async () => {
    const junk = (i: number): string => `buy 1 AAPL ${String(i).padStart(3, '0')}${'x'.repeat(50_000)}`;
    const lines = [...Array.from({ length: 200 }, (_, i) => junk(i)), 'buy 1 MSFT'];
    const { exitCode, report } = await runHeadless(runConfig('--seed', '5', '--deadline', '5s'), lines);

    expect(report.commands).toHaveLength(201);
    expect(report.commands[0]).toEqual({
      line: `buy 1 AAPL 000${'x'.repeat(25)}…`,
      ok: false,
      text: `line is 50,014 characters; a command is at most 500, so nothing was sent: 'buy 1 AAPL 000${'x'.repeat(25)}…'`,
    });
    expect(report.commands[200]).toMatchObject({ line: 'buy 1 MSFT', ok: true, text: expect.stringMatching(/^#1 BUY 1 MSFT sent/) });
    expect(report.problems[0]).toMatch(/^command 1 rejected: buy 1 AAPL 000x+… — line is 50,014 characters/);
    expect(report.orders).toHaveLength(1);
    expect(exitCode).toBe(1);
    // 10 MB of input: the report is about 200 short lines, not the input again.
    expect(JSON.stringify(report).length).toBeLessThan(200_000);
  }, 40_000);
});
