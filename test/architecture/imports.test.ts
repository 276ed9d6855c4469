import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Everything above the broker adapters, and the broker layer's own ports beside them. */
const SCANNED = ['src', 'store', 'components', 'bin'];
const SIM = 'src/broker/sim/';
/** The broker factory: the one place that may name the simulator's own modules. */
const FACTORY = 'src/app/brokers/';

/** Repository-relative paths with forward slashes, so the rules read the same on every platform. */
function repoPath(path: string): string {
  return relative(ROOT, path).split(sep).join('/');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(entry.name) ? [path] : [];
  });
}

/** An adapter lives in a folder of src/broker; the files directly in it are the ports every adapter implements. */
function isAdapter(path: string): boolean {
  return /^src\/broker\/[^/]+\//.test(repoPath(path));
}

/** `from '…'`, `import '…'` and `import('…')` specifiers that resolve into the simulator's folder. */
function simImports(path: string, text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
    const specifier = match[1] ?? '';
    if (!specifier.startsWith('.')) continue;
    if (`${repoPath(resolve(dirname(path), specifier))}/`.startsWith(SIM)) found.push(specifier);
  }
  return found;
}

/** Where each relative import of a file points, repository-relative, and every package it imports. */
function importsOf(path: string, text: string): { local: string[]; packages: string[] } {
  const local: string[] = [];
  const packages: string[] = [];
  for (const match of text.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
    const specifier = match[1] ?? '';
    if (specifier.startsWith('.')) local.push(repoPath(resolve(dirname(path), specifier)));
    else packages.push(specifier);
  }
  return { local, packages };
}

/**
 * What strategy code may use (DESIGN.md: app → strategy/backtest → core): the layers below and the
 * ports, never the app, an adapter or the UI. What a strategy module itself runs on (the interface,
 * its parameters, indicators, the built-ins, bars) runs in backtests too, so not even the core.
 */
const STRATEGY_MAY_IMPORT = ['src/strategy/', 'src/core/', 'src/domain/', 'src/kernel/', 'src/broker/port.js', 'src/broker/errors.js'];
const STRATEGY_PACKAGES = ['async-mutex'];
const RUNS_IN_BACKTESTS = /^src\/strategy\/(strategy|params|bar-history|timeframe|definition-check|order-plan)\.ts$|^src\/strategy\/(builtins|indicators)\//;

function strategyViolations(path: string, text: string): string[] {
  const { local, packages } = importsOf(path, text);
  const allowed = RUNS_IN_BACKTESTS.test(repoPath(path)) ? STRATEGY_MAY_IMPORT.filter((layer) => layer !== 'src/core/') : STRATEGY_MAY_IMPORT;
  const badLocal = local.filter((target) => !allowed.some((layer) => target.startsWith(layer)));
  const badPackages = packages.filter((name) => !name.startsWith('node:') && !STRATEGY_PACKAGES.includes(name));
  return [...badLocal, ...badPackages].map((target) => `${repoPath(path)} imports ${target}`);
}

/**
 * What the backtest may use: itself, the layers below the core, and the strategy code that runs in
 * backtests; never the core, the app, a broker or the UI, so a backtest runs the strategy and
 * nothing of a live session.
 */
function backtestViolations(path: string, text: string): string[] {
  const { local, packages } = importsOf(path, text);
  const allowed = (target: string): boolean =>
    ['src/backtest/', 'src/domain/', 'src/kernel/'].some((layer) => target.startsWith(layer)) || RUNS_IN_BACKTESTS.test(target.replace(/\.js$/, '.ts'));
  const badPackages = packages.filter((name) => !name.startsWith('node:'));
  return [...local.filter((target) => !allowed(target)), ...badPackages].map((target) => `${repoPath(path)} imports ${target}`);
}

function violations(files: readonly string[]): string[] {
  return files.flatMap((path) => simImports(path, readFileSync(path, 'utf8')).map((specifier) => `${repoPath(path)} imports ${specifier}`));
}

describe('imports', () => {
  it(`reach the simulator's own modules only through the broker factory (${FACTORY})`, () => {
    const files = SCANNED.flatMap((dir) => sourceFiles(join(ROOT, dir))).filter((path) => !isAdapter(path) && !repoPath(path).startsWith(FACTORY));
    expect(files.map(repoPath)).toEqual(expect.arrayContaining(['src/core/engine.ts', 'src/app/session.ts', 'src/app/config.ts', 'src/broker/controls.ts']));
    expect(violations(files)).toEqual([]);
  });

  it('keep strategy code above the core and below the app, and what runs in backtests off the core too', () => {
    const files = sourceFiles(join(ROOT, 'src/strategy'));
    expect(files.length).toBeGreaterThan(0);
    expect(files.flatMap((path) => strategyViolations(path, readFileSync(path, 'utf8')))).toEqual([]);
    const text = [
      "import { Engine } from '../core/engine.js';",
      "import { openSession } from '../app/session.js';",
      "import { render } from 'ink';",
      "import type { Quote } from '../broker/port.js';",
    ].join('\n');
    expect(strategyViolations(join(ROOT, 'src/strategy/strategy-runner.ts'), text)).toEqual([
      'src/strategy/strategy-runner.ts imports src/app/session.js',
      'src/strategy/strategy-runner.ts imports ink',
    ]);
    const deeper = text.replaceAll("'../", "'../../");
    expect(strategyViolations(join(ROOT, 'src/strategy/builtins/probe.ts'), deeper)).toEqual([
      'src/strategy/builtins/probe.ts imports src/core/engine.js',
      'src/strategy/builtins/probe.ts imports src/app/session.js',
      'src/strategy/builtins/probe.ts imports ink',
    ]);
  });

  it('keep the backtest off the core, the app and the brokers: it runs strategy code alone', () => {
    const files = sourceFiles(join(ROOT, 'src/backtest'));
    expect(files.length).toBeGreaterThan(0);
    expect(files.flatMap((path) => backtestViolations(path, readFileSync(path, 'utf8')))).toEqual([]);
    const probe = ["import { Engine } from '../core/engine.js';", "import { runnerArgs } from '../strategy/runner-args.js';", "import { sharesForAll } from '../strategy/strategy.js';", "import React from 'react';"].join('\n');
    expect(backtestViolations(join(ROOT, 'src/backtest/probe.ts'), probe)).toEqual([
      'src/backtest/probe.ts imports src/core/engine.js',
      'src/backtest/probe.ts imports src/strategy/runner-args.js',
      'src/backtest/probe.ts imports react',
    ]);
  });

  it('are caught when a file outside the factory names the simulator', () => {
    const factoryFile = join(ROOT, FACTORY, 'sim-broker.ts');
    expect(violations([factoryFile])).toContain("src/app/brokers/sim-broker.ts imports ../../broker/sim/sim-exchange.js");
    const core = join(ROOT, 'src/core/engine.ts');
    const text = [
      "import type { SimExchange } from '../broker/sim/sim-exchange.js';",
      "export { SIM_DEFAULTS } from '../broker/sim/sim-options.js';",
      "const feed = await import('../broker/sim/market-feed.js');",
      "import type { Broker } from '../broker/port.js';",
      "import { Command } from 'commander';",
    ].join('\n');
    expect(simImports(core, text)).toEqual(['../broker/sim/sim-exchange.js', '../broker/sim/sim-options.js', '../broker/sim/market-feed.js']);
  });
});
