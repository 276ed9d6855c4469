import { readFile, readdir } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Message } from 'esbuild';
import { errorText } from '../core/error-text.js';
import { errorCode } from '../persistence/error-code.js';
import { resolveConfigDir } from '../persistence/paths.js';
import { checkDefinition } from '../strategy/definition-check.js';
import type { StrategyDefinition } from '../strategy/strategy.js';

export interface StrategyFiles {
  readonly definitions: readonly StrategyDefinition[];
  /** Each file that loaded, as `<folder>/<file>`, with the strategy names it brought. */
  readonly loaded: readonly { readonly file: string; readonly names: readonly string[] }[];
  /** One line for each file that did not load, starting `<folder>/<file>: `. */
  readonly problems: readonly string[];
}

type FileReading = { readonly ok: true; readonly definitions: readonly StrategyDefinition[] } | { readonly ok: false; readonly problem: string };

const EXTENSIONS = ['.js', '.mjs', '.ts'];
const EXPORT_HINT = 'end the file with export default { name, description, params, warmUpBars, create }, or a list of them';

/** Where a trader's own strategies live unless --strategies names another folder. */
export function defaultStrategiesDir(): string {
  return join(resolveConfigDir(), 'strategies');
}

/**
 * The strategies in the `.js`, `.mjs` and `.ts` files directly in `dir` (its subfolders are for
 * the helpers those files import). A file loads whole or not at all: one that fails to import,
 * exports no valid definition, or names a strategy a built-in or an earlier file (by name order)
 * already has, is one problem line, and the others load. No folder means no strategies.
 */
export async function loadStrategyFiles(dir: string, builtinNames: readonly string[]): Promise<StrategyFiles> {
  const folder = resolve(dir);
  let files: string[];
  try {
    files = await strategyFileNames(folder);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { definitions: [], loaded: [], problems: [] };
    return { definitions: [], loaded: [], problems: [oneLine(`${dir}: can't read the strategies folder (${errorText(error)}); give a folder of .js, .mjs or .ts files`)] };
  }
  const readings = await Promise.all(files.map((file) => readStrategyFile(join(folder, file))));
  const label = (file: string): string => `${basename(folder)}/${file}`;
  const owners = new Map<string, string>(builtinNames.map((name) => [name, 'a built-in strategy']));
  const definitions: StrategyDefinition[] = [];
  const loaded: { file: string; names: string[] }[] = [];
  const problems: string[] = [];
  for (const [i, file] of files.entries()) {
    const reading = withoutClash(readings[i] as FileReading, owners);
    if (!reading.ok) {
      problems.push(oneLine(`${label(file)}: ${reading.problem}`));
      continue;
    }
    for (const definition of reading.definitions) owners.set(definition.name, `the strategy in ${label(file)}`);
    definitions.push(...reading.definitions);
    loaded.push({ file: label(file), names: reading.definitions.map((definition) => definition.name) });
  }
  return { definitions, loaded, problems };
}

/** `owners` says whose each name taken so far is. */
function withoutClash(reading: FileReading, owners: ReadonlyMap<string, string>): FileReading {
  const taken = reading.ok ? reading.definitions.find((definition) => owners.has(definition.name)) : undefined;
  if (taken === undefined) return reading;
  return { ok: false, problem: `${taken.name} is already the name of ${owners.get(taken.name)}; give yours another name` };
}

/** Sorted, so which of two clashing files loads never depends on the file system's order. */
async function strategyFileNames(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => entry.name)
    // Hidden files are editors' (emacs's .#name.js lock links); .d.ts files are types, not code.
    .filter((name) => !name.startsWith('.') && !name.endsWith('.d.ts') && EXTENSIONS.includes(extname(name)))
    .sort();
}

async function readStrategyFile(path: string): Promise<FileReading> {
  let namespace: Record<string, unknown>;
  try {
    namespace = extname(path) === '.ts' ? await importTypeScript(path) : await importJavaScript(path);
  } catch (error) {
    return { ok: false, problem: errorText(error) };
  }
  try {
    return definitionsOf(namespace.default);
  } catch (error) {
    return { ok: false, problem: `checking its strategy threw: ${errorText(error)}` };
  }
}

function definitionsOf(exported: unknown): FileReading {
  if (exported === undefined) return { ok: false, problem: `no default export; ${EXPORT_HINT}` };
  const list: readonly unknown[] = Array.isArray(exported) ? exported : [exported];
  if (list.length === 0) return { ok: false, problem: `the default export is an empty list; ${EXPORT_HINT}` };
  const definitions: StrategyDefinition[] = [];
  for (const [i, value] of list.entries()) {
    const check = checkDefinition(value);
    if (!check.ok) return { ok: false, problem: list.length === 1 ? check.problem : `strategy ${i + 1} of ${list.length}: ${check.problem}` };
    if (definitions.some((definition) => definition.name === check.definition.name)) {
      return { ok: false, problem: `${check.definition.name} is exported twice; give each strategy its own name` };
    }
    definitions.push(check.definition);
  }
  return { ok: true, definitions };
}

async function importJavaScript(path: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw new Error((await syntaxProblem(path)) ?? `failed while loading: ${errorText(error)}`);
  }
}

/**
 * Node's syntax errors in an ES module name no line, so a file that failed to import is parsed
 * again with esbuild to find one; none found means it failed for another reason.
 */
async function syntaxProblem(path: string): Promise<string | undefined> {
  try {
    const { transform } = await import('esbuild');
    await transform(await readFile(path, 'utf8'), { loader: 'js', format: 'esm', sourcefile: path, logLevel: 'silent' });
    return undefined;
  } catch (error) {
    const message = firstMessage(error);
    return message === undefined ? undefined : `syntax error${where(message, path, dirname(path))}: ${message.text}`;
  }
}

/**
 * Node 20 cannot strip types, so a `.ts` file is bundled with its own relative imports by esbuild
 * and imported from a data: URL: nothing is written to disk, so nothing is left behind when loading
 * fails or the console dies mid-way, and the bundle needs no resolution but of node: builtins,
 * which a data: URL allows. import.meta and require are pinned to the file, as if it ran in place.
 */
async function importTypeScript(path: string): Promise<Record<string, unknown>> {
  const { build } = await import('esbuild');
  const folder = dirname(path);
  let code: string;
  try {
    const result = await build({
      entryPoints: [path],
      absWorkingDir: folder,
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
      define: {
        'import.meta.url': JSON.stringify(pathToFileURL(path).href),
        'import.meta.filename': JSON.stringify(path),
        'import.meta.dirname': JSON.stringify(folder),
      },
      banner: { js: `import { createRequire as __strategyRequire } from 'node:module'; const require = __strategyRequire(${JSON.stringify(path)});` },
    });
    code = result.outputFiles[0]?.text ?? '';
  } catch (error) {
    const message = firstMessage(error);
    throw new Error(message === undefined ? `can't be compiled: ${errorText(error)}` : `can't be compiled${where(message, path, folder)}: ${message.text}`);
  }
  try {
    return (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`failed while loading: ${errorText(error)}`);
  }
}

function firstMessage(error: unknown): Message | undefined {
  const errors = (error as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? (errors[0] as Message | undefined) : undefined;
}

/** ` at line 3:7`, naming the helper file when the error is in one the strategy imports. */
function where(message: Message, path: string, folder: string): string {
  const at = message.location;
  if (at === null) return '';
  const file = resolve(folder, at.file);
  return ` ${file === path ? 'at' : `in ${relative(folder, file)}`} line ${at.line}:${at.column + 1}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
