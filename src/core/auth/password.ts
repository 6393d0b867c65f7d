import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { AppError, ErrorCode } from '../errors';

/** scrypt parameters (OWASP's recommendation: N=2^17, r=8, p=1), stored with each hash so they can change later. */
const PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

/**
 * Each scrypt hash takes ~128 MiB and 0.5–1 s of a libuv thread (of 4, shared with file and DNS
 * work): at most `concurrency` run at once, up to `queueLimit` wait, and beyond that callers are
 * refused at once (a flood of logins queues instead of starving the process). Waiters are served
 * by priority, lowest first (a login's priority is its address's recent failures), in arrival
 * order among equals; a full queue drops its worst waiter for a better newcomer. So a client
 * that keeps failing waits behind everyone else, and a first attempt waits only for the hashes
 * already running.
 */
class HashSlots {
  concurrency = 2;
  queueLimit = 64;
  running = 0;
  private readonly waiting: { priority: number; seq: number; start: () => void; refuse: (error: Error) => void }[] = [];
  private seq = 0;
  /** The most hashes seen waiting and running at once (tests read them). */
  peakQueued = 0;
  peakRunning = 0;

  async run<T>(work: () => Promise<T>, priority = 0): Promise<T> {
    if (this.running >= this.concurrency) {
      await new Promise<void>((start, refuse) => this.enqueue({ priority, seq: this.seq++, start, refuse }));
    } else {
      this.running++;
    }
    this.peakRunning = Math.max(this.peakRunning, this.running);
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next caller, so `running` never exceeds `concurrency`.
      if (next) next.start();
      else this.running--;
    }
  }

  private enqueue(entry: HashSlots['waiting'][number]): void {
    if (this.waiting.length >= this.queueLimit) {
      const worst = this.waiting.at(-1);
      if (!worst || worst.priority <= entry.priority) return entry.refuse(busy());
      this.waiting.pop();
      worst.refuse(busy());
    }
    const at = this.waiting.findIndex((other) => other.priority > entry.priority);
    if (at === -1) this.waiting.push(entry);
    else this.waiting.splice(at, 0, entry);
    this.peakQueued = Math.max(this.peakQueued, this.waiting.length);
  }

  get queued(): number {
    return this.waiting.length;
  }
}

function busy(): AppError {
  return new AppError(ErrorCode.TOO_MANY_REQUESTS, 'The server is busy checking passwords: try again shortly', { detail: 'LOGIN_BUSY', retryAfterSeconds: 1 });
}

const slots = new HashSlots();

export function configurePasswordHashing(options: { concurrency: number; queueLimit: number }): void {
  slots.concurrency = options.concurrency;
  slots.queueLimit = options.queueLimit;
}

/** What the hashing queue is doing now, and the most it ever had waiting. */
export function passwordHashingStats(): { running: number; queued: number; peakQueued: number; peakRunning: number; concurrency: number } {
  return { running: slots.running, queued: slots.queued, peakQueued: slots.peakQueued, peakRunning: slots.peakRunning, concurrency: slots.concurrency };
}

/** Starts the peaks over (tests). */
export function resetPasswordHashingPeaks(): void {
  slots.peakQueued = 0;
  slots.peakRunning = 0;
}

function scrypt(password: string, salt: Buffer, options: ScryptOptions, priority = 0): Promise<Buffer> {
  return slots.run(() => rawScrypt(password, salt, options), priority);
}

function rawScrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, KEY_LENGTH, { ...options, maxmem: 256 * options.N! * options.r! }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** `priority`: the place in the hashing queue, lowest first (see `HashSlots`). */
export async function verifyPassword(password: string, stored: string, priority = 0): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) }, priority);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash of a random password, verified when the email is unknown so that a wrong email
 * takes as long as a wrong password (no account enumeration by timing).
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return decoyHash;
}
