import type { FilterQuery } from '@mikro-orm/core';
import { AuditEntry } from '../../core/audit/audit-entry.entity';
import type { RequestContext } from '../../core/context';
import type { Row } from '../../core/db/rows';
import { BadUserInputError } from '../../core/errors';
import { dateRangeCondition } from '../../core/graphql/date-range';
import { isWellFormedId } from '../../core/ids';
import { paginate, type Connection, type SortKeys } from '../../core/pagination';
import type { AuditLogArgs } from './audit.types';

const NEWEST_FIRST: SortKeys<AuditEntry> = [
  ['at', 'desc'],
  ['id', 'desc'],
];

export function auditLog(ctx: RequestContext, { first, after, filter }: AuditLogArgs): Promise<Connection<Row<AuditEntry>>> {
  const where: FilterQuery<AuditEntry> = {};
  if (filter?.staffId != null) {
    if (!isWellFormedId(filter.staffId)) throw BadUserInputError.field('filter.staffId', 'is not a staff id');
    where.staffId = filter.staffId;
  }
  if (filter?.operation) where.operation = filter.operation;
  if (filter?.entityType) where.entityType = filter.entityType;
  if (filter?.entityId) where.entityIds = { $contains: [filter.entityId] };
  const at = dateRangeCondition(filter?.at, 'filter.at', ctx.config.businessTimeZone);
  if (at) where.at = at;
  return paginate(ctx.em, AuditEntry, where, NEWEST_FIRST, { first, after }, { scope: ctx, answerType: 'AuditEntry' });
}
