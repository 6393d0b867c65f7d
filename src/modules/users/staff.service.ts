import { decoyPasswordHash, hashPassword, verifyPassword } from '../../core/auth/password';
import type { TokenService } from '../../core/auth/tokens';
import { viewerOf, type RequestContext, type Viewer } from '../../core/context';
import { ConflictError, NotFoundError, UnauthenticatedError, type AuthFailure } from '../../core/errors';
import { isWellFormedId } from '../../core/ids';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Staff } from './staff.entity';
import type { CreateStaffInput, UpdateStaffInput } from './staff.inputs';
import { UsersErrorDetail } from './users.errors';
import { findRows, type Row } from '../../core/db/rows';
import { staffById } from './users.loaders';

export interface LoginResult {
  token: string;
  expiresAt: Date;
  staff: Staff;
}

/** Same answer, and about the same time, for an unknown email, a wrong password and an inactive account. */
export async function login(ctx: RequestContext, email: string, password: string): Promise<LoginResult> {
  const staff = await ctx.em.findOne(Staff, { email: email.trim().toLowerCase() });
  const passwordMatches = await verifyPassword(password, staff?.passwordHash ?? (await decoyPasswordHash()));
  if (!staff || !passwordMatches || !staff.active) throw new UnauthenticatedError('BAD_CREDENTIALS');
  const { token, expiresAt } = await ctx.tokens.sign({ staffId: staff.id, tokenVersion: staff.tokenVersion });
  return { token, expiresAt, staff };
}

/** The request's viewer: the token must verify and still match an active account. */
export async function authenticate(em: EntityManager, tokens: TokenService, bearerToken: string | null): Promise<Viewer | AuthFailure> {
  if (!bearerToken) return 'MISSING_TOKEN';
  const claims = await tokens.verify(bearerToken);
  if (typeof claims === 'string') return claims;
  const staff = isWellFormedId(claims.staffId) ? await em.findOne(Staff, claims.staffId) : null;
  if (!staff || !staff.active || staff.tokenVersion !== claims.tokenVersion) return 'REVOKED_TOKEN';
  return { id: staff.id, email: staff.email, name: staff.name, role: staff.role };
}

export async function me(ctx: RequestContext): Promise<Row<Staff>> {
  return (await ctx.loaders.get(staffById).load(viewerOf(ctx).id))!;
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
  if (input.active === true) staff.active = true;
  return staff;
}

export async function deactivateStaff(ctx: RequestContext, id: string): Promise<Staff> {
  const staff = await getStaff(ctx, id);
  deactivate(ctx, staff);
  return staff;
}

/** Tokens stop working at once: every request checks that its account is still active. */
function deactivate(ctx: RequestContext, staff: Staff): void {
  if (staff.id === viewerOf(ctx).id) {
    throw new ConflictError('You cannot deactivate your own account', UsersErrorDetail.CANNOT_DEACTIVATE_SELF);
  }
  staff.active = false;
}

async function getStaff(ctx: RequestContext, id: string): Promise<Staff> {
  const staff = isWellFormedId(id) ? await ctx.em.findOne(Staff, id) : null;
  if (!staff) throw new NotFoundError('Staff', id);
  return staff;
}
