import path from 'node:path';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';
import { readOrCreateSecret } from '../secrets';

/**
 * `JWT_SECRET`, or outside production a secret generated once and kept in the data folder,
 * so that tokens survive restarts on a developer's machine.
 */
export async function resolveJwtSecret(config: AppConfig, logger: Logger): Promise<string> {
  if (config.jwtSecret) return config.jwtSecret;
  const file = path.join(config.dataDir, 'jwt-secret');
  const { secret, created } = await readOrCreateSecret(file);
  logger.warn({ file }, `JWT_SECRET is not set: ${created ? 'generated a secret and kept it' : 'using the secret generated earlier'} in ${file} (set JWT_SECRET in production)`);
  return secret;
}
