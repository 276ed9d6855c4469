import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread running `run`, a function `sourceEntry` exports. From the bundle
 * (dist/blotter.js, one file) the thread is that same file, and the bundle's entry sees the marker
 * the caller put in workerData and runs the worker instead of the CLI. From source (vitest, tsx) a
 * new thread knows no TypeScript, so tsx's hooks are registered in it before the module loads.
 */
export function startThread(sourceEntry: URL, run: string, workerData: Record<string, unknown>): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL(import.meta.url), { workerData });
  const code = `import(${JSON.stringify(tsxEsmApi())}).then(({ register }) => { register(); return import(${JSON.stringify(sourceEntry.href)}); }).then((entry) => entry[${JSON.stringify(run)}]());`;
  return new Worker(code, { eval: true, workerData });
}

/** tsx's ESM API by its package's exports: require.resolve would give the CommonJS one, which cannot register ESM hooks. */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require('tsx/package.json') as { exports: Record<string, { import: { default: string } } | undefined> };
  const api = manifest.exports['./esm/api'];
  if (api === undefined) throw new Error('the installed tsx has no ESM API (tsx/esm/api); reinstall the dev dependencies');
  return pathToFileURL(join(dirname(require.resolve('tsx/package.json')), api.import.default)).href;
}
