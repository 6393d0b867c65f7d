// Checks schema.graphql against the public contract in ../shared/contract, for the domains this
// code serves. ../shared exists in the team's workspace and CI, not in a plain clone: then the
// check is skipped with a notice.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DOMAINS = ['users', 'services', 'catalog', 'sales', 'reporting', 'events'];
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const checker = path.resolve(root, '../shared/contract/check-contract.mjs');

if (!existsSync(checker)) {
  console.log('contract check skipped: ../shared/contract is not here (it is in the team workspace and CI)');
  process.exit(0);
}
const result = spawnSync(process.execPath, [checker, 'schema.graphql', ...DOMAINS], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
