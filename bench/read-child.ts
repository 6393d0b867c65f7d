/**
 * How `bench:read` talks to the servers it runs in child processes (so that each server's CPU time
 * is its own): the child says `ready` with what the driver needs, then answers `stats` with its
 * CPU time and SQL statements so far, and stops on `stop`.
 */
import { fork, type ChildProcess } from 'node:child_process';

export interface ChildStats {
  /** process.cpuUsage() of the child: user + system, µs. */
  cpuMicros: number;
  statements: number;
}

type FromChild<R> = { type: 'ready'; ready: R } | { type: 'stats'; stats: ChildStats } | { type: 'failed'; message: string };
type ToChild = { type: 'stats' } | { type: 'stop' };

/** In the child: answers the driver's messages; `stop` runs `onStop` then exits. */
export function serveDriver(statements: () => number, onStop: () => Promise<void>): void {
  process.on('message', (message: ToChild) => {
    if (message.type === 'stats') {
      const { user, system } = process.cpuUsage();
      send({ type: 'stats', stats: { cpuMicros: user + system, statements: statements() } });
    } else if (message.type === 'stop') {
      onStop().finally(() => process.exit(0));
    }
  });
  // The driver died: do not linger.
  process.on('disconnect', () => void onStop().finally(() => process.exit(1)));
}

export function sendReady<R>(ready: R): void {
  send({ type: 'ready', ready } satisfies FromChild<R>);
}

/** In the child: reports a failed start to the driver, then exits. */
export function failChild(error: unknown): void {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  setTimeout(() => process.exit(1), 100);
}

function send(message: FromChild<unknown>): void {
  process.send?.(message);
}

export interface ServerChild<R> {
  ready: R;
  stats(): Promise<ChildStats>;
  stop(): Promise<void>;
}

/**
 * In the driver: forks `script` (under the driver's own loader, `-r @swc-node/register`, plus
 * `nodeFlags`) with `env`, and waits for its `ready` (at most `timeoutMs`).
 */
export async function startChild<R>(script: string, env: Record<string, string>, timeoutMs: number, nodeFlags: readonly string[] = []): Promise<ServerChild<R>> {
  const child: ChildProcess = fork(script, { env: { ...process.env, ...env }, execArgv: [...process.execArgv, ...nodeFlags], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let waiting: ((stats: ChildStats) => void) | null = null;
  const ready = await new Promise<R>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`${script} was not ready after ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with code ${code} before it was ready`));
    });
    child.on('message', (message: FromChild<R>) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.ready);
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`${script} failed: ${message.message}`));
      } else if (message.type === 'stats') {
        waiting?.(message.stats);
        waiting = null;
      }
    });
  });
  return {
    ready,
    stats: () =>
      new Promise<ChildStats>((resolve) => {
        waiting = resolve;
        child.send({ type: 'stats' } satisfies ToChild);
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send({ type: 'stop' } satisfies ToChild);
      }),
  };
}
