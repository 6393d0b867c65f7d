import { createHash } from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError, ErrorCode, UnauthenticatedError } from '../errors';

/** The table the counters live in, shared by every instance; created by a committed migration. */
export const LOGIN_THROTTLE_TABLE = 'login_throttle';

export interface LoginThrottleOptions {
  maxAttemptsPerEmail: number;
  maxAttemptsPerAddress: number;
  windowSeconds: number;
}

/**
 * Counts login attempts per email and per client address in PostgreSQL (so every instance sees
 * the same counts) and refuses them once a count is spent, until its window ends. A successful
 * login clears its email's count and gives its address's attempt back: only failures add up.
 */
export class LoginThrottle {
  private readonly byEmail: RateLimiterPostgres;
  private readonly byAddress: RateLimiterPostgres;

  /** `knex`: the ORM's query builder (its pool is shared; each check is one short statement). */
  constructor(knex: unknown, options: LoginThrottleOptions) {
    const common = { storeClient: knex, storeType: 'knex', tableName: LOGIN_THROTTLE_TABLE, tableCreated: true, duration: options.windowSeconds };
    this.byEmail = new RateLimiterPostgres({ ...common, keyPrefix: 'email', points: options.maxAttemptsPerEmail });
    this.byAddress = new RateLimiterPostgres({ ...common, keyPrefix: 'address', points: options.maxAttemptsPerAddress });
  }

  /** Runs `check` (the password check) unless a count is spent; `check` fails with UNAUTHENTICATED on bad credentials. */
  async guard<T>(email: string, address: string | undefined, check: () => Promise<T>): Promise<T> {
    // Keys have a fixed size whatever the email's length (the column is varchar(255)).
    const emailKey = createHash('sha256').update(email).digest('base64url');
    const addressKey = address ?? 'unknown';
    const spent = await Promise.allSettled([this.byEmail.consume(emailKey), this.byAddress.consume(addressKey)]);
    const refused = spent.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    const storeError = refused.find((reason) => !(reason instanceof RateLimiterRes));
    if (storeError) throw storeError;
    if (refused.length > 0) {
      const waitMs = Math.max(...refused.map((res: RateLimiterRes) => res.msBeforeNext));
      throw new AppError(ErrorCode.TOO_MANY_REQUESTS, 'Too many login attempts: try again later', {
        detail: 'TOO_MANY_ATTEMPTS',
        retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
      });
    }
    let result: T;
    try {
      result = await check();
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) await this.byAddress.reward(addressKey).catch(() => undefined);
      throw error;
    }
    await Promise.all([this.byEmail.delete(emailKey), this.byAddress.reward(addressKey)]);
    return result;
  }
}
