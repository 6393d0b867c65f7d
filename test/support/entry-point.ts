import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from '../../src/core/config';

/** The real entry point (`npm start` without the build step), run in a child process. */
export const ENTRY_POINT = ['-r', '@swc-node/register', 'src/main.ts'];

/** Only what the entry point needs from the environment, plus `extra`: no DATABASE_URL. */
export function entryPointEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
}

export interface StartedEntryPoint {
  child: ChildProcess;
  url: string;
  /** The JSON log lines written so far. */
  lines: Record<string, unknown>[];
}

/** Starts the entry point in `cwd` (a project folder) and resolves once it says it is ready. */
export function startEntryPoint(env: Record<string, string>, cwd = PROJECT_ROOT): Promise<StartedEntryPoint> {
  const child = spawn(process.execPath, ENTRY_POINT, { cwd, env: entryPointEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop()!;
      for (const text of complete) {
        const line = JSON.parse(text) as Record<string, unknown>;
        lines.push(line);
        if (typeof line.msg === 'string' && line.msg.startsWith('claro-graph is ready at')) resolve({ child, url: String(line.url), lines });
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before being ready: ${stderr}`)));
  });
}

/** SIGTERM, as a service manager or Ctrl-C would; resolves with the exit code. */
export function stopEntryPoint({ child }: StartedEntryPoint): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** Runs the entry point until it exits on its own (a failed start). */
export function runEntryPointToExit(env: Record<string, string>, cwd = PROJECT_ROOT): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ENTRY_POINT, { cwd, env: entryPointEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
