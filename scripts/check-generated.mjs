#!/usr/bin/env node
// Fails when the committed generated files (examples/__generated__/, from codegen.yml) differ from
// what `npm run codegen` would write now: a changed schema.graphql or example document without a
// regenerated, committed output. Runs before the tests regenerate anything (see `pretest`).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, loadCodegenConfig } from '@graphql-codegen/cli';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Outputs of codegen.yml that are committed (the others, like test/__generated__/, are generated before use). */
const COMMITTED = ['examples/__generated__/'];

process.chdir(root);
const { config } = await loadCodegenConfig({ configFilePath: path.join(root, 'codegen.yml') });
const committed = Object.fromEntries(Object.entries(config.generates).filter(([folder]) => COMMITTED.includes(folder)));
const outputs = await generate({ ...config, generates: committed, silent: true, cwd: root }, false);
const stale = [];
for (const output of outputs) {
  const file = path.relative(root, path.resolve(root, output.filename)).split(path.sep).join('/');
  if (!COMMITTED.some((folder) => file.startsWith(folder))) continue;
  const onDisk = await readFile(path.join(root, file), 'utf8').catch(() => null);
  if (onDisk !== output.content) stale.push(file);
}
if (stale.length > 0) {
  console.error(`generated files are stale (run \`npm run codegen\` and commit them): ${stale.join(', ')}`);
  process.exit(1);
}
console.log(`generated files up to date: ${COMMITTED.join(', ')}`);
