import { ArrayType, BigIntType, Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

export enum AuditOutcome {
  SUCCEEDED = 'SUCCEEDED',
  /** Only logins record failures: a failed mutation leaves nothing. */
  FAILED = 'FAILED',
}

/**
 * One change made through the API (a committed mutation) or one login attempt: who, when, what
 * operation, which records, and a summary of its input with personal values masked and secrets
 * removed. Written by `core/audit/audit-trail.ts` inside the mutation's own transaction; never
 * changed afterwards. No foreign key to `staff`: the trail must outlive and never block anything.
 */
@Entity({ tableName: 'audit_entry' })
@Index({ name: 'audit_entry_at_idx', properties: ['at', 'id'] })
@Index({ name: 'audit_entry_staff_idx', properties: ['staffId', 'at'] })
@Index({ name: 'audit_entry_entity_idx', properties: ['entityType', 'at'] })
@Index({ name: 'audit_entry_entity_ids_idx', expression: 'create index "audit_entry_entity_ids_idx" on "audit_entry" using gin ("entity_ids")' })
export class AuditEntry {
  @PrimaryKey({ type: new BigIntType('string'), autoincrement: true })
  id!: string;

  @Property({ type: 'datetime' })
  at!: Date;

  /** Null for a failed login (no one was authenticated). */
  @Property({ type: new BigIntType('string'), nullable: true })
  staffId?: string | null;

  /** The root field: `createCustomer`, `login`. */
  @Property({ type: 'string', length: 100 })
  operation!: string;

  /** The client's name for its GraphQL operation, when it gave one. */
  @Property({ type: 'string', length: 200, nullable: true })
  operationName?: string | null;

  /** The GraphQL type of what it changed (`Customer`, `Sale`); null when it changed nothing in particular. */
  @Property({ type: 'string', length: 100, nullable: true })
  entityType?: string | null;

  @Property({ type: ArrayType })
  entityIds: string[] = [];

  @Property({ type: 'json' })
  input!: Record<string, unknown>;

  @Property({ type: 'string', length: 20 })
  outcome!: AuditOutcome;

  /** Why a login failed: `BAD_CREDENTIALS`, `TOO_MANY_ATTEMPTS`, … */
  @Property({ type: 'string', length: 60, nullable: true })
  failure?: string | null;

  @Property({ type: 'string', length: 100 })
  requestId!: string;

  @Property({ type: 'string', length: 100, nullable: true })
  clientAddress?: string | null;
}
