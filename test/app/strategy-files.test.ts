import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultStrategiesDir, loadStrategyFiles } from '../../src/app/strategy-files.js';
import { CONFIG_DIR_ENV } from '../../src/persistence/paths.js';
import { BUILTIN_STRATEGIES } from '../../src/strategy/builtins/index.js';

const BUILTINS = BUILTIN_STRATEGIES.map((definition) => definition.name);

/** A strategy file's default export, as a trader writes it, with `extra` spliced into the object. */
function strategy(name: string, extra = ''): string {
  return `{
  name: '${name}',
  description: 'test strategy ${name}',
  params: { size: { type: 'size', default: 1, max: 100, description: 'shares' } },
  warmUpBars: () => 0,
  create: ({ size }) => ({ onBar: (ctx) => ({ kind: 'buy', size, reason: ctx.symbol }) }),${extra}
}`;
}

let root: string;
let dir: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'blotter-strategy-files-'));
  dir = join(root, 'strategies');
  await mkdir(join(dir, 'lib'), { recursive: true });
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function files(contents: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(contents)) await writeFile(join(dir, name), text);
}

describe('loadStrategyFiles', () => {
  it('loads .js, .mjs and .ts files, a .ts with its own helpers from a subfolder, and lists of strategies', async () => {
    await files({
      'dip.js': `export default ${strategy('dip')};\n`,
      'pair.mjs': `export default [${strategy('pair-long')}, ${strategy('pair-short')}];\n`,
      'legacy.js': `module.exports = ${strategy('legacy')};\n`,
      'typed.ts': [
        "import { levels, type Levels } from './lib/levels.ts';",
        "import legacy from './lib/legacy.cjs';",
        'const chosen: Levels = levels(3);',
        `export default ${strategy('typed', "\n  where: import.meta.url,\n  levels: chosen,\n  legacy,")};`,
      ].join('\n'),
      'lib/levels.ts': 'export interface Levels { low: number; high: number }\nexport const levels = (n: number): Levels => ({ low: n, high: n * 2 });\n',
      // A CommonJS helper (as many npm packages are) that requires a Node builtin at run time.
      'lib/legacy.cjs': "module.exports = require('node:path').basename('/a/b.txt');\n",
      'notes.txt': 'not a strategy',
      '.#dip.js': 'an editor lock file',
      'types.d.ts': 'export interface Nothing {}',
    });
    const result = await loadStrategyFiles(dir, BUILTINS);
    expect(result.problems).toEqual([]);
    expect(result.loaded).toEqual([
      { file: 'strategies/dip.js', names: ['dip'] },
      { file: 'strategies/legacy.js', names: ['legacy'] },
      { file: 'strategies/pair.mjs', names: ['pair-long', 'pair-short'] },
      { file: 'strategies/typed.ts', names: ['typed'] },
    ]);
    expect(result.definitions.map((definition) => definition.name)).toEqual(['dip', 'legacy', 'pair-long', 'pair-short', 'typed']);
    const typed = result.definitions[4] as unknown as { where: string; levels: unknown; legacy: unknown };
    // Bundled and run from memory, the file still sees itself where it lies, and its helpers ran.
    expect(typed.where).toBe(new URL(`file://${join(dir, 'typed.ts')}`).href);
    expect(typed.levels).toEqual({ low: 3, high: 6 });
    expect(typed.legacy).toBe('b.txt');
    const handlers = result.definitions[0]?.create({ size: 5 });
    expect(handlers?.onBar({ symbol: 'AAPL' } as never)).toEqual({ kind: 'buy', size: 5, reason: 'AAPL' });
  });

  it('reports each file that fails in one line naming it, and loads the rest', async () => {
    await files({
      'good.js': `export default ${strategy('good')};\n`,
      'syntax.js': `export default {\n  name: 'syntax',\n  description: 'x' 'y',\n};\n`,
      'syntax.ts': `const x: number = ;\nexport default ${strategy('syntax-ts')};\n`,
      'missing-helper.ts': `import { nope } from './lib/nope.ts';\nexport default ${strategy('missing-helper', '\n  nope,')};\n`,
      'broken-helper.ts': `import { half } from './lib/broken.ts';\nexport default ${strategy('broken-helper', '\n  half,')};\n`,
      'lib/broken.ts': 'export const half = (n: number) => n / ;\n',
      'throws.mjs': `throw new Error('no API key\\nin the environment');\n`,
      'throws-ts.ts': `if (1 + 1 === 2) throw new TypeError('config.json is missing');\nexport default ${strategy('throws-ts')};\n`,
      'nothing.js': `export const name = 'nothing';\n`,
      'shape.js': `export default { name: 'shape', description: 'no functions', params: {} };\n`,
      'list.js': `export default [${strategy('first')}, { name: 'second' }];\n`,
      'twice.js': `export default [${strategy('twin')}, ${strategy('twin')}];\n`,
      'empty.js': 'export default [];\n',
      'builtin.js': `export default ${strategy('sma-cross')};\n`,
      'clash-a.js': `export default ${strategy('clash')};\n`,
      'clash-b.js': `export default ${strategy('clash')};\n`,
    });
    const result = await loadStrategyFiles(dir, BUILTINS);
    expect(result.loaded).toEqual([
      { file: 'strategies/clash-a.js', names: ['clash'] },
      { file: 'strategies/good.js', names: ['good'] },
    ]);
    expect(result.problems).toEqual([
      'strategies/broken-helper.ts: can\'t be compiled in lib/broken.ts line 1:40: Unexpected ";"',
      'strategies/builtin.js: sma-cross is already the name of a built-in strategy; give yours another name',
      'strategies/clash-b.js: clash is already the name of the strategy in strategies/clash-a.js; give yours another name',
      'strategies/empty.js: the default export is an empty list; end the file with export default { name, description, params, warmUpBars, create }, or a list of them',
      'strategies/list.js: strategy 2 of 2: second: description must be one line of text for the strategies list; got nothing',
      'strategies/missing-helper.ts: can\'t be compiled at line 1:22: Could not resolve "./lib/nope.ts"',
      'strategies/nothing.js: no default export; end the file with export default { name, description, params, warmUpBars, create }, or a list of them',
      'strategies/shape.js: shape: warmUpBars must be a function (params) => the bars needed before the first signal; got nothing',
      'strategies/syntax.js: syntax error at line 3:20: Expected "}" but found "\'y\'"',
      'strategies/syntax.ts: can\'t be compiled at line 1:19: Unexpected ";"',
      'strategies/throws-ts.ts: failed while loading: config.json is missing',
      'strategies/throws.mjs: failed while loading: no API key in the environment',
      'strategies/twice.js: twin is exported twice; give each strategy its own name',
    ]);
  });

  it('finds no strategies in a folder that is not there, and says so when the folder cannot be read', async () => {
    expect(await loadStrategyFiles(join(root, 'absent'), BUILTINS)).toEqual({ definitions: [], loaded: [], problems: [] });
    await writeFile(join(root, 'a-file'), '');
    const result = await loadStrategyFiles(join(root, 'a-file'), BUILTINS);
    expect(result.problems).toEqual([expect.stringMatching(/a-file: can't read the strategies folder \(ENOTDIR.*\); give a folder of \.js, \.mjs or \.ts files$/)]);
  });
});

describe('defaultStrategiesDir', () => {
  it('is the strategies folder under the config directory', () => {
    const before = process.env[CONFIG_DIR_ENV];
    process.env[CONFIG_DIR_ENV] = join(root, 'config');
    try {
      expect(defaultStrategiesDir()).toBe(join(root, 'config', 'strategies'));
    } finally {
      if (before === undefined) delete process.env[CONFIG_DIR_ENV];
      else process.env[CONFIG_DIR_ENV] = before;
    }
  });
});
