// Builds the analysts' explorer (GraphiQL 5 + the query-builder plugin) into dist/explorer/ from
// the npm packages alone: the API serves these files itself, so the page loads with no network.
// Monaco's three workers are entry points of their own (graphiql's own worker set-ups import from
// a CDN or need a bundler's loaders); explorer/main.tsx points MonacoEnvironment.getWorker at them.
// Run by `npm run build` and `npm install` (prepare); never at server start.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

// `--if-possible` (npm install's prepare step): without the dev dependencies (npm ci --omit=dev)
// there is nothing to build with; say so instead of failing the install.
let build;
try {
  ({ build } = await import('esbuild'));
} catch (error) {
  if (!process.argv.includes('--if-possible')) throw error;
  console.log('explorer not built: esbuild is not installed (dev dependencies omitted); run `npm run build:explorer` where it is');
  process.exit(0);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'explorer');
const started = Date.now();

await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });

const common = {
  absWorkingDir: root,
  outdir,
  bundle: true,
  minify: true,
  sourcemap: false,
  target: ['chrome110', 'firefox110', 'safari16'],
  jsx: 'automatic',
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'dataurl', '.png': 'dataurl' },
  assetNames: '[name]-[hash]',
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};
const builds = await Promise.all([
  build({ ...common, entryPoints: { explorer: 'explorer/main.tsx' }, format: 'esm' }),
  // Classic (non-module) workers: `new Worker(url)` works in every browser the page supports.
  build({
    ...common,
    entryPoints: {
      'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
      'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
      'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
    },
    format: 'iife',
  }),
]);
const outputs = builds.flatMap((result) => Object.keys(result.metafile.outputs));

// The page, with the bundle's names and a version that changes with its content (cache busting).
const hash = createHash('sha256');
for (const file of [...outputs].sort()) hash.update(await readFile(path.join(root, file)));
const version = hash.digest('hex').slice(0, 12);
const page = (await readFile(path.join(root, 'explorer', 'index.html'), 'utf8')).replaceAll('{{version}}', version);
await writeFile(path.join(outdir, 'index.html'), page);

// Gzipped copies: the server sends them to clients that accept gzip (a third of the bytes).
let bytes = 0;
let gzipped = 0;
for (const file of [...outputs, path.relative(root, path.join(outdir, 'index.html'))]) {
  const full = path.join(root, file);
  const content = await readFile(full);
  const zipped = gzipSync(content, { level: 9 });
  bytes += content.length;
  gzipped += zipped.length;
  if (/\.(js|css|html|ttf)$/.test(file)) await writeFile(`${full}.gz`, zipped);
}
await writeFile(path.join(outdir, 'version.txt'), `${version}\n`);
const mb = (n) => (n / 1024 / 1024).toFixed(1);
console.log(`explorer built into dist/explorer in ${((Date.now() - started) / 1000).toFixed(1)} s: ${mb(bytes)} MB (${mb(gzipped)} MB gzipped)`);
