import {
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLResolveInfo,
} from 'graphql';
import { Extensions } from 'type-graphql';
import { argDecisionsOf, auditForm, decisionOf, PersonalKind, type PersonalDataDecision } from '../auth/personal-data';
import type { RequestContext } from '../context';
import { queryRows } from '../db/rows';
import { AuditOutcome } from './audit-entry.entity';

/**
 * The audit trail: one `audit_entry` row per committed mutation (root field), written by the
 * root-field policy (`core/graphql/root-fields.ts`) inside the mutation's own transaction, after
 * its last write and before the commit, so a failed mutation leaves no row and a committed one
 * always has one. Logins (which run outside any transaction) are recorded in a short transaction
 * of their own, successful or not. Nothing here is per resolver: what was touched comes from the
 * mutation's answer and its `id` argument, unless the field declares it with `@Audited(...)`.
 */

const AUDITED = 'audited';

export interface AuditDeclaration {
  /** The GraphQL type of what the mutation changes, when its answer does not say (an `ID`, a count). */
  entityType?: string | null;
  /** The ids it changed, when neither its answer nor its `id` argument say. */
  ids?: (args: Record<string, unknown>, result: unknown) => string[];
}

/** On a mutation: what it touches, when its answer does not say. On a query: record every call (a data export). */
export function Audited(declaration: AuditDeclaration): MethodDecorator {
  return Extensions({ [AUDITED]: declaration }) as MethodDecorator;
}

export function isAudited(field: GraphQLField<unknown, unknown>): boolean {
  return field.extensions?.[AUDITED] != null;
}

export interface AuditedCall {
  field: GraphQLField<unknown, unknown>;
  args: Record<string, unknown>;
  info: GraphQLResolveInfo;
}

const INSERT_SQL = `insert into audit_entry (at, staff_id, operation, operation_name, entity_type, entity_ids, input, outcome, failure, request_id, client_address)
values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11)`;

interface Entry {
  staffId: string | null;
  entityType: string | null;
  entityIds: string[];
  outcome: AuditOutcome;
  failure?: string | null;
}

async function insert(ctx: RequestContext, call: AuditedCall, entry: Entry): Promise<void> {
  await queryRows(ctx.em, INSERT_SQL, [
    new Date(),
    entry.staffId,
    call.field.name,
    call.info.operation.name?.value?.slice(0, 200) ?? null,
    entry.entityType,
    entry.entityIds,
    JSON.stringify(summarizeInput(call.field, call.args)),
    entry.outcome,
    entry.failure ?? null,
    ctx.requestId.slice(0, 100),
    ctx.clientAddress?.slice(0, 100) ?? null,
  ]);
}

/** Inside the mutation's transaction, once its writes are flushed (so new records have their ids); for an audited query, on its own. */
export function recordMutation(ctx: RequestContext, call: AuditedCall, result: unknown): Promise<void> {
  const { entityType, ids } = touched(call, result);
  return insert(ctx, call, { staffId: ctx.viewer?.id ?? null, entityType, entityIds: ids, outcome: AuditOutcome.SUCCEEDED });
}

/**
 * A login, on its own (one statement: its own short transaction). `staffId`: who logged in, null
 * when it failed; `failure`: why (`BAD_CREDENTIALS`, `TOO_MANY_ATTEMPTS`, `LOGIN_BUSY`).
 */
export function recordLogin(ctx: RequestContext, call: AuditedCall, staffId: string | null, failure: string | null): Promise<void> {
  return insert(ctx, call, {
    staffId,
    entityType: 'Staff',
    entityIds: staffId ? [staffId] : [],
    outcome: failure ? AuditOutcome.FAILED : AuditOutcome.SUCCEEDED,
    failure,
  });
}

function touched(call: AuditedCall, result: unknown): { entityType: string | null; ids: string[] } {
  const declared = call.field.extensions?.[AUDITED] as AuditDeclaration | undefined;
  const named = getNamedType(call.field.type);
  const entityType = declared && 'entityType' in declared ? (declared.entityType ?? null) : isObjectType(named) ? named.name : null;
  const ids = new Set<string>();
  if (declared?.ids) for (const id of declared.ids(call.args, result)) ids.add(String(id));
  else {
    if (typeof call.args.id === 'string') ids.add(call.args.id);
    const collect = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (typeof value === 'string' && named.name === 'ID') ids.add(value);
      else if (value && typeof value === 'object' && 'id' in value && value.id != null) ids.add(String(value.id));
    };
    collect(result);
  }
  return { entityType, ids: [...ids] };
}

// ---------------------------------------------------------------------------------------------
// The input summary.

/** Names that hold a secret, for values no decision covers (belt and braces: declare SECRET). */
const SECRET_NAME = /password|token|secret/i;

/**
 * The arguments as the trail keeps them: personal values in their masked form (`A.`,
 * `a***@gmail.com`, `***4567`, `***` for free text and street lines), secrets removed, anything
 * else as given.
 */
export function summarizeInput(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): Record<string, unknown> {
  const argDecisions = argDecisionsOf(field);
  const summary: Record<string, unknown> = {};
  for (const arg of field.args) {
    if (!(arg.name in args)) continue;
    const decision = argDecisions[arg.name] ? { kinds: [argDecisions[arg.name]] } : decisionOf(arg);
    const value = summarizeValue(args[arg.name], arg.type, arg.name, decision);
    if (value !== undefined) summary[arg.name] = value;
  }
  return summary;
}

function summarizeValue(value: unknown, type: GraphQLInputType, name: string, decision: PersonalDataDecision | undefined): unknown {
  const kinds = decision?.kinds.filter((kind) => kind !== PersonalKind.NONE) ?? [];
  if (kinds.includes(PersonalKind.SECRET) || (!decision && SECRET_NAME.test(name))) return undefined;
  if (value == null) return value;
  if (kinds.length) return kinds.reduce<unknown>((kept, kind) => auditForm(kind, kept), value);
  const inner = getNullableType(type);
  if (isListType(inner) && Array.isArray(value)) return value.map((item) => summarizeValue(item, inner.ofType, name, undefined));
  if (isInputObjectType(inner) && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const fields = inner.getFields();
    for (const [key, fieldValue] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[key];
      const summarized = field ? summarizeValue(fieldValue, field.type, key, decisionOf(field)) : undefined;
      if (summarized !== undefined) out[key] = summarized;
    }
    return out;
  }
  return value instanceof Date ? value.toISOString() : value;
}
