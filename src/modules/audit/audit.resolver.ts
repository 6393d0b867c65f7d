import { Args, Authorized, Ctx, Extensions, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { ROW_READS } from '../../core/graphql/answer-selection';
import type { AuditEntry } from '../../core/audit/audit-entry.entity';
import { Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import type { Row } from '../../core/db/rows';
import type { Connection } from '../../core/pagination';
import { staffById, StaffType, type Staff } from '../users';
import * as auditService from './audit.service';
import { AuditEntryConnection, AuditEntryType, AuditLogArgs } from './audit.types';

@Resolver(() => AuditEntryType)
export class AuditResolver {
  @Authorized(Role.ADMIN)
  @Query(() => AuditEntryConnection, { description: 'The audit trail, newest first. Admins only.' })
  auditLog(@Ctx() ctx: RequestContext, @Args() args: AuditLogArgs): Promise<Connection<Row<AuditEntry>>> {
    return auditService.auditLog(ctx, args);
  }

  @FieldResolver(() => StaffType, { nullable: true, description: 'Who: null for a failed login.' })
  @Extensions({ [ROW_READS]: ['staffId'] })
  staff(@Root() entry: Row<AuditEntry>, @Ctx() ctx: RequestContext): Promise<Row<Staff> | null> | null {
    return entry.staffId ? ctx.loaders.get(staffById).load(entry.staffId) : null;
  }
}
