// Bundles the console into one ESM file. One file starts about twice as fast as tsc output
// (Ink alone is ~500 ms of module loading), and the bundle bakes in React's production build.
import { build } from 'esbuild';
import { readdirSync, statSync, existsSync, chmodSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'dist', 'blotter.js');
const sources = ['bin', 'src', 'store', 'components'];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (process.argv.includes('--if-stale') && existsSync(outfile)) {
  const builtAt = statSync(outfile).mtimeMs;
  const changedAt = Math.max(...sources.map((d) => newestSource(join(root, d))), statSync(join(root, 'package-lock.json')).mtimeMs);
  if (changedAt <= builtAt) process.exit(0);
}

// `--bench` bundles the benchmarks the same way, so they measure the code the console runs.
const bench = process.argv.includes('--bench');
await build({
  entryPoints: [join(root, bench ? 'bench/run.ts' : 'bin/blotter.ts')],
  outfile: bench ? join(root, 'dist', 'bench.js') : outfile,
  external: ['esbuild', ...(bench ? ['node-pty', '@xterm/headless'] : [])],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // bin/blotter.ts sets NODE_ENV for unbundled runs (tsx); in the bundle it is a constant already.
  logOverride: { 'assign-to-define': 'silent' },
  define: { 'process.env.NODE_ENV': '"production"' },
  alias: { 'react-devtools-core': join(root, 'scripts', 'devtools-stub.mjs') },
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __blotterRequire } from 'node:module'; const require = __blotterRequire(import.meta.url);",
  },
});
if (!bench) chmodSync(outfile, 0o755);
