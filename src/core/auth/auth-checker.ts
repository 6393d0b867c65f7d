import type { AuthChecker } from 'type-graphql';
import type { RequestContext } from '../context';
import { Role } from './roles';

/** `@Authorized(...roles)`: ADMIN passes every check; `@Authorized()` with no roles means any staff member. */
export const authChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  const viewer = context.viewer;
  if (!viewer) return false;
  return roles.length === 0 || viewer.role === Role.ADMIN || roles.includes(viewer.role);
};
