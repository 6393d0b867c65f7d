import { decoyPasswordHash, hashPassword, verifyPassword } from '../../core/auth/password';
import type { TokenService } from '../../core/auth/tokens';
import { viewerOf, type RequestContext, type Viewer } from '../../core/context';
import { ConflictError, NotFoundError, UnauthenticatedError, type AuthFailure } from '../../core/errors';
import { isWellFormedId } from '../../core/ids';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Staff } from './staff.entity';
import type { CreateStaffInput, UpdateStaffInput } from './staff.inputs';
import { UsersErrorDetail } from './users.errors';
import { findRows, queryValues, rowShape, type Row } from '../../core/db/rows';
import type { Loaded, LoaderRegistry } from '../../core/loaders';
import { staffById } from './users.loaders';
import { ServiceKey } from '../../core/services';

export interface LoginResult {
  token: string;
  expiresAt: Date;
  staff: Staff;
}

/**
 * Same answer, and about the same time, for an unknown email, a wrong password and an inactive
 * account. Runs outside any transaction (one read, then the hash, holding no connection), behind
 * the login throttle when the server has one.
 */
export async function login(ctx: RequestContext, email: string, password: string): Promise<LoginResult> {
  const normalized = email.trim().toLowerCase();
  const check = async (priority = 0) => {
    const staff = await ctx.em.findOne(Staff, { email: normalized });
    const passwordMatches = await verifyPassword(password, staff?.passwordHash ?? (await decoyPasswordHash()), priority);
    if (!staff || !passwordMatches || !staff.active) throw new UnauthenticatedError('BAD_CREDENTIALS');
    const { token, expiresAt } = await ctx.tokens.sign({ staffId: staff.id, tokenVersion: staff.tokenVersion });
    return { token, expiresAt, staff };
  };
  return ctx.loginThrottle ? ctx.loginThrottle.guard(normalized, ctx.clientAddress, check) : check();
}

/** The staff row of an active account at the token's version (the staff check), built once from the row shape. */
let viewerSql: string | undefined;

/**
 * Staff checks remembered for a moment (`STAFF_CHECK_CACHE_MS`, 1 s by default): the rows of
 * active accounts at their token version, so a burst of requests with one token reads the account
 * once. What this process changes (deactivation, password, role, name) is forgotten as its
 * transaction commits; a change made elsewhere (another instance, SQL) takes effect within that time.
 */
export class StaffChecks {
  private readonly entries = new Map<string, { row: Readonly<Row<Staff>>; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly capacity = 10_000,
  ) {}

  find(staffId: string, tokenVersion: number): Readonly<Row<Staff>> | undefined {
    const entry = this.entries.get(staffId);
    if (!entry || entry.row.tokenVersion !== tokenVersion || entry.until <= Date.now()) return undefined;
    return entry.row;
  }

  remember(row: Row<Staff>): void {
    if (this.ttlMs === 0) return;
    if (this.entries.size >= this.capacity) this.entries.clear();
    this.entries.set(row.id, { row: Object.freeze(row), until: Date.now() + this.ttlMs });
  }

  forget(staffId: string): void {
    this.entries.delete(staffId);
  }
}

/** The server process's staff checks, for the mutations that change an account. */
export const STAFF_CHECKS = new ServiceKey<StaffChecks>('users.staffChecks');

/**
 * The request's viewer: the token must verify and still match an active account at the token's
 * version. One prepared statement returning a plain row (no entity, no unit of work), or none when
 * `checks` remembers the account at that version. Given the request's loaders, the row primes
 * `staffById`, so `me` (and the viewer as a sale's seller) needs no second statement.
 */
export async function authenticate(
  em: EntityManager,
  tokens: TokenService,
  bearerToken: string | null,
  loaders?: LoaderRegistry,
  checks?: StaffChecks,
): Promise<Viewer | AuthFailure> {
  if (!bearerToken) return 'MISSING_TOKEN';
  const claims = await tokens.verify(bearerToken);
  if (typeof claims === 'string') return claims;
  if (!isWellFormedId(claims.staffId) || !Number.isSafeInteger(claims.tokenVersion)) return 'REVOKED_TOKEN';
  let row = checks?.find(claims.staffId, claims.tokenVersion);
  if (!row) {
    const shape = rowShape(em, Staff);
    viewerSql ??= `select ${shape.columnList()} from "${shape.table}" where "id" = $1 and "${shape.columnOf('active')}" and "${shape.columnOf('tokenVersion')}" = $2`;
    const [values] = await queryValues(em, viewerSql, [claims.staffId, claims.tokenVersion]);
    if (!values) return 'REVOKED_TOKEN';
    row = shape.fromValues(values);
    checks?.remember(row);
  }
  loaders?.get(staffById).prime(row.id, row);
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

export function me(ctx: RequestContext): Loaded<Row<Staff> | null> {
  return ctx.loaders.get(staffById).loadNow(viewerOf(ctx).id);
}

export function listStaff(ctx: RequestContext): Promise<Row<Staff>[]> {
  return findRows(ctx.em, Staff, {}, { orderBy: [{ name: 'asc' }, { id: 'asc' }] });
}

export async function createStaff(ctx: RequestContext, input: CreateStaffInput): Promise<Staff> {
  const staff = ctx.em.create(Staff, {
    email: input.email.trim().toLowerCase(),
    name: input.name.trim(),
    role: input.role,
    passwordHash: await hashPassword(input.password),
  });
  return staff;
}

export async function updateStaff(ctx: RequestContext, id: string, input: UpdateStaffInput): Promise<Staff> {
  const staff = await getStaff(ctx, id);
  forgetStaffCheckOnCommit(ctx, staff.id);
  if (input.name !== undefined) staff.name = input.name.trim();
  if (input.role !== undefined) staff.role = input.role;
  if (input.password !== undefined) {
    staff.passwordHash = await hashPassword(input.password);
    staff.tokenVersion += 1;
  }
  if (input.active === false) deactivate(ctx, staff);
  if (input.active === true && !staff.active) {
    staff.active = true;
    // Tokens from before the deactivation stay dead: the staff member logs in again.
    staff.tokenVersion += 1;
  }
  return staff;
}

export async function deactivateStaff(ctx: RequestContext, id: string): Promise<Staff> {
  const staff = await getStaff(ctx, id);
  forgetStaffCheckOnCommit(ctx, staff.id);
  deactivate(ctx, staff);
  return staff;
}

/** The account's next request reads it afresh (its new version, role or name). */
function forgetStaffCheckOnCommit(ctx: RequestContext, staffId: string): void {
  ctx.afterCommit.push(() => ctx.services.find(STAFF_CHECKS)?.forget(staffId));
}

/** Tokens stop working at once (every request checks the account and its token version), and for good. */
function deactivate(ctx: RequestContext, staff: Staff): void {
  if (staff.id === viewerOf(ctx).id) {
    throw new ConflictError('You cannot deactivate your own account', UsersErrorDetail.CANNOT_DEACTIVATE_SELF);
  }
  if (!staff.active) return;
  staff.active = false;
  staff.tokenVersion += 1;
}

async function getStaff(ctx: RequestContext, id: string): Promise<Staff> {
  const staff = isWellFormedId(id) ? await ctx.em.findOne(Staff, id) : null;
  if (!staff) throw new NotFoundError('Staff', id);
  return staff;
}
