import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { OperationLimits } from './graphql/operation-limits';

/** The folder holding package.json, whether this file runs from `src/` or from the build in `dist/`. */
export const PROJECT_ROOT = findProjectRoot(__dirname);

function findProjectRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
  }
  return process.cwd();
}

const integer = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

const decimalString = z.string().regex(/^\d+(\.\d{1,2})?$/, { error: 'must be a non-negative amount such as 5000000 or 199.90' });

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: integer(0, 65535).default(4000),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' })
    .optional(),
  REPORTING_DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' })
    .optional(),
  FEDERATION_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  DATA_DIR: z.string().min(1).optional(),
  EMBEDDED_PG_PORT: integer(0, 65535).default(0),
  JWT_SECRET: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  JWT_TTL: z
    .string()
    .regex(/^\d+\s*(s|m|h|d)$/, { error: 'must be a duration such as 30m, 8h or 2d' })
    .default('8h'),
  BUSINESS_TIME_ZONE: z
    .string()
    .refine(isTimeZone, { error: 'must be an IANA time zone such as America/Bogota' })
    .default('America/Bogota'),
  IVA_RATE: z.string().regex(/^0(\.\d{1,4})?$/, { error: 'must be a rate between 0 and 1 such as 0.19' }).default('0.19'),
  SALE_HOLD_HOURS: integer(1, 24 * 30).default(48),
  SALE_EXPIRY_SWEEP_SECONDS: integer(1, 3600).default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).optional(),
  CORS_ORIGINS: z
    .string()
    .transform((value, ctx) => {
      const origins = value.split(',').map((origin) => origin.trim()).filter(Boolean);
      for (const origin of origins) {
        if (!isOrigin(origin)) {
          ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of origins such as https://backoffice.example.com (${JSON.stringify(origin)} is not one)` });
          return z.NEVER;
        }
      }
      return origins;
    })
    .optional(),
  DEMO_SEED: booleanFlag.optional(),
  CATEGORY_REGULAR_MIN_TENURE_DAYS: integer(0).default(180),
  CATEGORY_REGULAR_MIN_PURCHASES: integer(1).default(2),
  CATEGORY_LOYAL_MIN_TENURE_DAYS: integer(0).default(730),
  CATEGORY_LOYAL_MIN_PURCHASES: integer(1).default(5),
  CATEGORY_LOYAL_MIN_SPEND: decimalString.default('5000000'),
  REPORTING_REFRESH_MINUTES: integer(0, 24 * 60).default(30),
  REPORTING_FULL_REFRESH_HOURS: integer(1, 24 * 30).default(24),
  // Operation limits (see src/core/graphql/operation-limits.ts and the README's Security section).
  GRAPHQL_MAX_COST: integer(1).default(100_000),
  GRAPHQL_MAX_DEPTH: integer(1, 1000).default(15),
  GRAPHQL_MAX_ALIASES: integer(0).default(30),
  GRAPHQL_MAX_DIRECTIVES: integer(0).default(50),
  GRAPHQL_MAX_TOKENS: integer(10).default(2000),
  GRAPHQL_TIMEOUT_MS: integer(1).default(5000),
  GRAPHQL_MAX_LIST_ITEMS: integer(1).default(50_000),
  GRAPHQL_INTROSPECTION: z.enum(['authenticated', 'everyone'], { error: 'must be authenticated or everyone' }).optional(),
  GRAPHQL_FIELD_SUGGESTIONS: booleanFlag.optional(),
  LOGIN_MAX_ATTEMPTS_PER_EMAIL: integer(1).default(10),
  LOGIN_MAX_ATTEMPTS_PER_ADDRESS: integer(1).default(50),
  LOGIN_WINDOW_SECONDS: integer(1, 24 * 3600).default(900),
  LOGIN_MAX_IN_PROGRESS_PER_ADDRESS: integer(1, 1000).default(1),
  PASSWORD_HASH_CONCURRENCY: integer(1, 64).default(2),
  PASSWORD_HASH_QUEUE: integer(0, 10_000).default(64),
  TRUST_PROXY: z.string().min(1).optional(),
  INPUT_MAX_STRING_LENGTH: integer(1).default(10_000),
  READINESS_CHECK_MS: integer(0, 60_000).default(1000),
  STAFF_CHECK_CACHE_MS: integer(0, 10_000).default(1000),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS: integer(0, 24 * 3600).default(600),
  EVENTS_RETENTION_DAYS: integer(1, 3650).default(30),
  EVENTS_RETENTION_SWEEP_MINUTES: integer(1, 24 * 60).default(60),
  EVENTS_POLL_MS: integer(20, 60_000).default(250),
  EVENTS_SUBSCRIBER_BUFFER: integer(10, 1_000_000).default(10_000),
  WS_MAX_SUBSCRIPTIONS: integer(1, 1000).default(20),
  WS_MAX_PAYLOAD_BYTES: integer(1024, 16 * 1024 * 1024).default(65_536),
  WS_KEEPALIVE_SECONDS: integer(1, 3600).default(15),
});

/** `scheme://host[:port]`, nothing more: what a browser sends in `Origin`. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export interface CategoryRuleThresholds {
  regularMinTenureDays: number;
  regularMinPurchases: number;
  loyalMinTenureDays: number;
  loyalMinPurchases: number;
  /** Net amount in COP, as an exact decimal string. */
  loyalMinSpend: string;
}

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  /** Unset: an embedded PostgreSQL is started under `dataDir`. */
  databaseUrl: string | undefined;
  /** Where the reports read (a read replica of `databaseUrl`); unset: the main database. */
  reportingDatabaseUrl: string | undefined;
  /** The secret a federation gateway sends its subgraphs; unset outside production: one per `start:federated`. */
  federationSecret: string | undefined;
  dataDir: string;
  embeddedPostgresPort: number;
  /** Unset outside production: generated once and kept under `dataDir` (see `resolveJwtSecret`). */
  jwtSecret: string | undefined;
  jwtTtl: string;
  logLevel: string;
  /** `pretty`: human-readable lines (pino-pretty); `json`: one JSON object per line. Default: pretty when stdout is a terminal (outside production). */
  logFormat: 'json' | 'pretty';
  /**
   * Origins whose browser apps may call the API (CORS), credentials by the Authorization header only
   * (no cookies). `localhost` means any http(s) origin on localhost, 127.0.0.1 or [::1], any port.
   */
  corsOrigins: string[] | 'localhost';
  /** Where "today", days, weeks and months are counted (dates are stored in UTC). */
  businessTimeZone: string;
  sales: {
    /** IVA applied to sale lines unless the product or plan is exempt, e.g. "0.19". */
    ivaRate: string;
    /** How long a PENDING sale holds its stock before it is cancelled automatically. */
    holdHours: number;
    /** How often the server looks for PENDING sales past their hold. */
    expirySweepSeconds: number;
  };
  /** Seed demo data into an empty database. Never in production. */
  demoSeed: boolean;
  categoryRule: CategoryRuleThresholds;
  reporting: {
    /** How often the reporting rollups are refreshed in the background (INCREMENTAL); 0: only on demand (`refreshReportingRollups`). */
    refreshMinutes: number;
    /** How often that background refresh is a FULL one instead. */
    fullRefreshHours: number;
  };
  /** What one GraphQL operation may ask for and use. */
  limits: OperationLimits;
  login: {
    /** Login attempts per email (any outcome but success) within `windowSeconds`; then TOO_MANY_REQUESTS until the window ends. */
    maxAttemptsPerEmail: number;
    /** Failed login attempts per client address within `windowSeconds`. */
    maxAttemptsPerAddress: number;
    windowSeconds: number;
    /** Logins one client address may have in progress at once (per instance); more are answered LOGIN_BUSY at once. */
    maxInProgressPerAddress: number;
    /** Password hashes (scrypt, ~128 MiB and 0.5–1 s each) computed at once; the others wait in a queue. */
    hashConcurrency: number;
    /** Hashes that may wait; beyond that a login is answered TOO_MANY_REQUESTS at once. */
    hashQueue: number;
  };
  /**
   * express's `trust proxy` setting (`loopback`, `10.0.0.0/8`, a hop count such as `1`): unset,
   * the client address is the socket's and X-Forwarded-For is ignored.
   */
  trustProxy: string | undefined;
  /** The longest string any argument or variable may carry (fields that need more declare it). */
  inputMaxStringLength: number;
  /** How long `/ready`'s database check is reused; operations are refused with 503 while it fails. */
  readinessCheckMs: number;
  /**
   * How long one staff check (active account at the token's version) is reused by the requests of
   * this process: the longest a deactivation made by another instance or by SQL waits to take effect.
   */
  staffCheckCacheMs: number;
  /** A pool connection idle inside a transaction this long is ended by PostgreSQL; 0: never. */
  dbIdleInTransactionTimeoutSeconds: number;
  events: {
    /** How long sale events are kept (a cursor older than that is refused). */
    retentionDays: number;
    /** How often events past their retention are deleted. */
    retentionSweepMinutes: number;
    /** How often an instance with subscribers looks for newly readable events, besides its wake-ups. */
    pollMs: number;
    /** Events a subscriber may have waiting before it is closed as too slow (it resumes from its cursor). */
    subscriberBuffer: number;
  };
  webSocket: {
    /** Operations running at once on one connection. */
    maxSubscriptions: number;
    /** Largest message accepted from a client. */
    maxPayloadBytes: number;
    /** Interval of the server's pings; a client that does not answer one is disconnected. */
    keepAliveSeconds: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly variable: string, readonly problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

/** Reads and validates the environment. Throws `ConfigError` naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, stdoutIsTTY: boolean = process.stdout.isTTY === true): AppConfig {
  const blankAsUnset = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(blankAsUnset);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0]);
    throw new ConfigError(variable, `${issue.message} (got ${JSON.stringify(env[variable])})`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.JWT_SECRET) {
    throw new ConfigError('JWT_SECRET', 'is required when NODE_ENV=production');
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    reportingDatabaseUrl: e.REPORTING_DATABASE_URL,
    federationSecret: e.FEDERATION_SECRET,
    dataDir: path.resolve(PROJECT_ROOT, e.DATA_DIR ?? '.data'),
    embeddedPostgresPort: e.EMBEDDED_PG_PORT,
    jwtSecret: e.JWT_SECRET,
    jwtTtl: e.JWT_TTL.replace(/\s+/g, ''),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (stdoutIsTTY && e.NODE_ENV !== 'production' ? 'pretty' : 'json'),
    corsOrigins: e.CORS_ORIGINS ?? (e.NODE_ENV === 'production' ? [] : 'localhost'),
    businessTimeZone: e.BUSINESS_TIME_ZONE,
    sales: { ivaRate: e.IVA_RATE, holdHours: e.SALE_HOLD_HOURS, expirySweepSeconds: e.SALE_EXPIRY_SWEEP_SECONDS },
    demoSeed: e.NODE_ENV !== 'production' && (e.DEMO_SEED ?? true),
    categoryRule: {
      regularMinTenureDays: e.CATEGORY_REGULAR_MIN_TENURE_DAYS,
      regularMinPurchases: e.CATEGORY_REGULAR_MIN_PURCHASES,
      loyalMinTenureDays: e.CATEGORY_LOYAL_MIN_TENURE_DAYS,
      loyalMinPurchases: e.CATEGORY_LOYAL_MIN_PURCHASES,
      loyalMinSpend: e.CATEGORY_LOYAL_MIN_SPEND,
    },
    reporting: { refreshMinutes: e.REPORTING_REFRESH_MINUTES, fullRefreshHours: e.REPORTING_FULL_REFRESH_HOURS },
    limits: {
      maxCost: e.GRAPHQL_MAX_COST,
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      timeoutMs: e.GRAPHQL_TIMEOUT_MS,
      maxListItems: e.GRAPHQL_MAX_LIST_ITEMS,
      introspection: e.GRAPHQL_INTROSPECTION ?? (e.NODE_ENV === 'production' ? 'authenticated' : 'everyone'),
      fieldSuggestions: e.GRAPHQL_FIELD_SUGGESTIONS ?? e.NODE_ENV !== 'production',
    },
    login: {
      maxAttemptsPerEmail: e.LOGIN_MAX_ATTEMPTS_PER_EMAIL,
      maxAttemptsPerAddress: e.LOGIN_MAX_ATTEMPTS_PER_ADDRESS,
      windowSeconds: e.LOGIN_WINDOW_SECONDS,
      maxInProgressPerAddress: e.LOGIN_MAX_IN_PROGRESS_PER_ADDRESS,
      hashConcurrency: e.PASSWORD_HASH_CONCURRENCY,
      hashQueue: e.PASSWORD_HASH_QUEUE,
    },
    trustProxy: e.TRUST_PROXY,
    inputMaxStringLength: e.INPUT_MAX_STRING_LENGTH,
    readinessCheckMs: e.READINESS_CHECK_MS,
    staffCheckCacheMs: e.STAFF_CHECK_CACHE_MS,
    dbIdleInTransactionTimeoutSeconds: e.DB_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS,
    events: {
      retentionDays: e.EVENTS_RETENTION_DAYS,
      retentionSweepMinutes: e.EVENTS_RETENTION_SWEEP_MINUTES,
      pollMs: e.EVENTS_POLL_MS,
      subscriberBuffer: e.EVENTS_SUBSCRIBER_BUFFER,
    },
    webSocket: { maxSubscriptions: e.WS_MAX_SUBSCRIPTIONS, maxPayloadBytes: e.WS_MAX_PAYLOAD_BYTES, keepAliveSeconds: e.WS_KEEPALIVE_SECONDS },
  };
}
