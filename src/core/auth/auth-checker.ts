import type { ResolverData } from 'type-graphql';
import type { RequestContext } from '../context';
import { Role } from './roles';

/**
 * `@Authorized(...roles)`: ADMIN passes every check; `@Authorized()` with no roles means any staff member.
 * Synchronous: field resolvers called directly (graphql/schema.ts) check roles with it in line.
 */
export const authChecker = ({ context }: ResolverData<RequestContext>, roles: readonly Role[]): boolean => {
  const viewer = context.viewer;
  if (!viewer) return false;
  return roles.length === 0 || viewer.role === Role.ADMIN || roles.includes(viewer.role);
};
