import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openScript, readStep, ScriptError } from '../../src/app/script.js';
import { MAX_LINE_LENGTH } from '../../src/command/clip.js';

const dirs: string[] = [];

function scriptFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'blotter-script-'));
  dirs.push(dir);
  const path = join(dir, 'orders.txt');
  writeFileSync(path, text);
  return path;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** How many of this process's file descriptors are open on `path` (Linux). */
function openDescriptors(path: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;
}

async function collect(lines: AsyncIterable<string> | Iterable<string>): Promise<string[]> {
  const seen: string[] = [];
  for await (const line of lines) seen.push(line);
  return seen;
}

describe('readStep', () => {
  it('refuses a line over the maximum, keeping only its clipped start and the reason', () => {
    const huge = `  buy 1 AAPL ${'x'.repeat(50_000)}  `;
    expect(readStep(huge)).toEqual({
      kind: 'refused',
      line: `buy 1 AAPL ${'x'.repeat(28)}…`,
      reason: `line is 50,011 characters; a command is at most 500, so nothing was sent: 'buy 1 AAPL ${'x'.repeat(28)}…'`,
    });
  });

  it('runs a line of exactly the maximum, and still skips a comment of any length', () => {
    const longest = `halt ${'x'.repeat(MAX_LINE_LENGTH - 5)}`;
    expect(readStep(longest)).toEqual({ kind: 'command', text: longest });
    expect(readStep(`# ${'x'.repeat(50_000)}`)).toEqual({ kind: 'skip' });
  });

  it('reads a wait in the grammar of the duration flags: a number and its unit, or 0', () => {
    expect(readStep('wait 500ms')).toEqual({ kind: 'wait', ms: 500 });
    expect(readStep('WAIT 1.5S')).toEqual({ kind: 'wait', ms: 1500 });
    expect(readStep('wait 1h')).toEqual({ kind: 'wait', ms: 3_600_000 });
    expect(readStep('wait 0')).toEqual({ kind: 'wait', ms: 0 });
    for (const bad of ['wait', 'wait 30', 'wait soon', 'wait 25h', 'wait -1s']) expect(readStep(bad)).toEqual({ kind: 'bad-wait' });
  });
});

describe('openScript', () => {
  it('reads a file line by line, CRLF or LF', async () => {
    expect(await collect(await openScript(scriptFile('buy 1 AAPL\r\n\nsell 1 AAPL\n'), process.stdin))).toEqual(['buy 1 AAPL', '', 'sell 1 AAPL']);
  });

  it('refuses a missing file or a directory before anything runs', async () => {
    await expect(openScript(join(tmpdir(), 'no-such-blotter-script.txt'), process.stdin)).rejects.toThrow(ScriptError);
    await expect(openScript(tmpdir(), process.stdin)).rejects.toThrow(/^cannot read the script .*: it is a directory$/);
  });

  it('lets go of the file when the run stops early (quit)', async () => {
    const path = scriptFile('buy 1 AAPL\nquit\nbuy 2 AAPL\n');
    const lines = await openScript(path, process.stdin);
    expect(openDescriptors(path)).toBe(1);
    const seen: string[] = [];
    for await (const line of lines) {
      seen.push(line);
      if (line === 'quit') break;
    }
    expect(seen).toEqual(['buy 1 AAPL', 'quit']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(openDescriptors(path)).toBe(0);
  });
});
