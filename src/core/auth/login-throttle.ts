import { createHash } from 'node:crypto';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError, ErrorCode, UnauthenticatedError } from '../errors';

/** The table the counters live in, shared by every instance; created by a committed migration. */
export const LOGIN_THROTTLE_TABLE = 'login_throttle';

export interface LoginThrottleOptions {
  maxAttemptsPerEmail: number;
  maxAttemptsPerAddress: number;
  windowSeconds: number;
  /** Logins one client address may have in progress at once on this instance; more are refused (LOGIN_BUSY). */
  maxInProgressPerAddress: number;
}

/**
 * Counts login attempts per email and per client address in PostgreSQL (so every instance sees
 * the same counts) and refuses them once a count is spent, until its window ends. A successful
 * login clears its email's count and gives its address's attempt back: only failures add up.
 */
export class LoginThrottle {
  private readonly byEmail: RateLimiterPostgres;
  private readonly byAddress: RateLimiterPostgres;
  private readonly inProgress = new Map<string, number>();
  private readonly maxInProgressPerAddress: number;

  /** `knex`: the ORM's query builder (its pool is shared; each check is one short statement). */
  constructor(knex: unknown, options: LoginThrottleOptions) {
    const common = { storeClient: knex, storeType: 'knex', tableName: LOGIN_THROTTLE_TABLE, tableCreated: true, duration: options.windowSeconds };
    this.byEmail = new RateLimiterPostgres({ ...common, keyPrefix: 'email', points: options.maxAttemptsPerEmail });
    this.byAddress = new RateLimiterPostgres({ ...common, keyPrefix: 'address', points: options.maxAttemptsPerAddress });
    this.maxInProgressPerAddress = options.maxInProgressPerAddress;
  }

  /**
   * Runs `check` (the password check, given its place in the hashing queue) unless a count is
   * spent or the address already has `maxInProgressPerAddress` logins running; `check` fails
   * with UNAUTHENTICATED on bad credentials.
   */
  async guard<T>(email: string, address: string | undefined, check: (priority: number) => Promise<T>): Promise<T> {
    const addressKey = address ?? 'unknown';
    // One client cannot fill the password queue with parallel requests: the rest of the world
    // would wait behind it.
    const running = this.inProgress.get(addressKey) ?? 0;
    if (running >= this.maxInProgressPerAddress) {
      throw new AppError(ErrorCode.TOO_MANY_REQUESTS, 'Too many logins in progress from your address: try again shortly', { detail: 'LOGIN_BUSY', retryAfterSeconds: 1 });
    }
    this.inProgress.set(addressKey, running + 1);
    try {
      return await this.counted(email, addressKey, check);
    } finally {
      const left = (this.inProgress.get(addressKey) ?? 1) - 1;
      if (left > 0) this.inProgress.set(addressKey, left);
      else this.inProgress.delete(addressKey);
    }
  }

  private async counted<T>(email: string, addressKey: string, check: (priority: number) => Promise<T>): Promise<T> {
    // Keys have a fixed size whatever the email's length (the column is varchar(255)).
    const emailKey = createHash('sha256').update(email).digest('base64url');
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
    // The address's attempts in this window, this one included: a client that keeps failing
    // waits behind first attempts in the password queue.
    const priority = (spent[1] as PromiseFulfilledResult<RateLimiterRes>).value.consumedPoints;
    let result: T;
    try {
      result = await check(priority);
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) await this.byAddress.reward(addressKey).catch(() => undefined);
      throw error;
    }
    await Promise.all([this.byEmail.delete(emailKey), this.byAddress.reward(addressKey)]);
    return result;
  }
}
