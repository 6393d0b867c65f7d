import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A random secret kept in `file` (mode 600): created on first use, the same on every later start. */
export async function readOrCreateSecret(file: string): Promise<{ secret: string; created: boolean }> {
  if (existsSync(file)) return { secret: (await readFile(file, 'utf8')).trim(), created: false };
  await mkdir(path.dirname(file), { recursive: true });
  const secret = randomBytes(36).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return { secret, created: true };
}
