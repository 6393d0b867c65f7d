import pino from 'pino';
import type { Role } from '../../src/core/auth/roles';
import type { AppConfig } from '../../src/core/config';
import { startFederated, type RunningFederation } from '../../src/federation/start';
import { apolloClient, type TestClient } from './client';
import { createTestDatabase, createTestStaff, testConfig, type TestServer } from './server';

/** The federated mode (five subgraphs in this process on free loopback ports, the gateway on another) over its own fresh database. */
export interface TestFederation {
  url: string;
  federation: RunningFederation;
  config: AppConfig;
  databaseUrl: string;
  staff: TestServer['staff'];
  as(role: Role | null): TestClient;
  withToken(token: string): TestClient;
  tokenOf(role: Role): string;
  stop(): Promise<void>;
}

export async function startTestFederation(options: { env?: Record<string, string> } = {}): Promise<TestFederation> {
  const databaseUrl = await createTestDatabase();
  const config = testConfig(databaseUrl, options.env);
  const federation = await startFederated({ config, logger: pino({ level: config.logLevel }) });
  const { staff, tokenByRole } = await createTestStaff(federation.orm);
  return {
    url: federation.url,
    federation,
    config,
    databaseUrl,
    staff,
    as: (role) => apolloClient(federation.url, role ? tokenByRole.get(role) : undefined),
    withToken: (token) => apolloClient(federation.url, token),
    tokenOf: (role) => tokenByRole.get(role)!,
    stop: () => federation.stop(),
  };
}
