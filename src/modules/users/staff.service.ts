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
 * The request's viewer: the token must verify and still match an active account at the token's
 * version. One prepared statement returning a plain row (no entity, no unit of work). Given the
 * request's loaders, the row it read primes `staffById`, so `me` (and the viewer as a sale's
 * seller) needs no second statement.
 */
export async function authenticate(em: EntityManager, tokens: TokenService, bearerToken: string | null, loaders?: LoaderRegistry): Promise<Viewer | AuthFailure> {
  if (!bearerToken) return 'MISSING_TOKEN';
  const claims = await tokens.verify(bearerToken);
  if (typeof claims === 'string') return claims;
  if (!isWellFormedId(claims.staffId) || !Number.isSafeInteger(claims.tokenVersion)) return 'REVOKED_TOKEN';
  const shape = rowShape(em, Staff);
  viewerSql ??= `select ${shape.columnList()} from "${shape.table}" where "id" = $1 and "${shape.columnOf('active')}" and "${shape.columnOf('tokenVersion')}" = $2`;
  const [values] = await queryValues(em, viewerSql, [claims.staffId, claims.tokenVersion]);
  if (!values) return 'REVOKED_TOKEN';
  const row = shape.fromValues(values);
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
  deactivate(ctx, staff);
  return staff;
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
