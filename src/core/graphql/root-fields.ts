import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { Extensions } from 'type-graphql';
import { isAudited, recordLogin, recordMutation, type AuditedCall } from '../audit/audit-trail';
import type { RequestContext } from '../context';
import { AppError, UnauthenticatedError } from '../errors';

const PUBLIC_OPERATION = 'publicOperation';
const OUTSIDE_TRANSACTION = 'outsideTransaction';
export const ONCE_PER_OPERATION = 'oncePerOperation';

/** Marks a root operation callable without a token. Everything else is denied to anonymous callers. */
export function Public(): MethodDecorator {
  return Extensions({ [PUBLIC_OPERATION]: true }) as MethodDecorator;
}

/**
 * A mutation that writes nothing through the request's EntityManager and must not hold a pooled
 * connection while it works (login: one read, then a password hash of up to a second).
 */
export function OutsideTransaction(): MethodDecorator {
  return Extensions({ [OUTSIDE_TRANSACTION]: true }) as MethodDecorator;
}

/** A root field an operation may select at most once (see `oncePerOperationRule`). */
export function OncePerOperation(): MethodDecorator {
  return Extensions({ [ONCE_PER_OPERATION]: true }) as MethodDecorator;
}

/**
 * Wraps every root field once, after the schema is built, so no nested field pays for it:
 * - deny by default: without a valid viewer only `@Public()` operations run;
 * - each mutation field runs in one transaction on the request's EntityManager: committed when it
 *   returns, rolled back on any error, so a failed mutation writes nothing; then the loaders are
 *   cleared (what they cached may be stale) and the mutation's `afterCommit` callbacks run;
 * - each mutation (and each query declared `@Audited`) writes its audit-trail entry (`core/audit/audit-trail.ts`) in that transaction,
 *   just before the commit; one outside the transaction (login) writes it on its own, failed or not.
 */
export function applyRootFieldPolicies(schema: GraphQLSchema): GraphQLSchema {
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ] as const;
  for (const [kind, type] of roots) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      const isPublic = field.extensions?.[PUBLIC_OPERATION] === true;
      const transactional = kind === 'mutation' && field.extensions?.[OUTSIDE_TRANSACTION] !== true;
      const guard = (ctx: RequestContext) => {
        if (!isPublic && !ctx.viewer) throw new UnauthenticatedError(ctx.authFailure ?? 'MISSING_TOKEN');
      };
      if (kind === 'subscription') {
        const subscribe = field.subscribe;
        if (subscribe) field.subscribe = (source, args, ctx: RequestContext, info) => (guard(ctx), subscribe(source, args, ctx, info));
        continue;
      }
      const resolve: GraphQLFieldResolver<unknown, RequestContext> = field.resolve ?? defaultFieldResolver;
      field.resolve = async (source, args, ctx: RequestContext, info) => {
        guard(ctx);
        const call: AuditedCall = { field, args, info };
        if (kind !== 'mutation') return isAudited(field) ? recordedRead(ctx, call, () => resolve(source, args, ctx, info)) : resolve(source, args, ctx, info);
        return transactional ? inTransaction(ctx, call, () => resolve(source, args, ctx, info)) : recordedOnItsOwn(ctx, call, () => resolve(source, args, ctx, info));
      };
    }
  }
  return schema;
}

async function inTransaction<T>(ctx: RequestContext, call: AuditedCall, work: () => Promise<T> | T): Promise<T> {
  const { em } = ctx;
  await em.begin();
  let committed = false;
  try {
    const result = await work();
    // Flushed first: records the mutation created have their ids for the trail.
    await em.flush();
    await recordMutation(ctx, call, result);
    await em.commit();
    committed = true;
    return result;
  } catch (error) {
    await em.rollback();
    em.clear();
    // Database constraints are the last word on uniqueness and references, also under concurrency:
    // each module installs how its named constraints read to a client; others stay internal errors.
    throw ctx.app.constraintError(error) ?? error;
  } finally {
    ctx.loaders.clear();
    const afterCommit = ctx.afterCommit.splice(0);
    if (committed) for (const run of afterCommit) run();
  }
}

/**
 * A mutation outside any transaction (login) is recorded on its own, one statement, whether it
 * succeeded or failed (an expected failure: wrong password, throttled). Who: the viewer, else the
 * account it answered with (`staff`).
 */
async function recordedOnItsOwn<T>(ctx: RequestContext, call: AuditedCall, work: () => Promise<T> | T): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (error) {
    if (error instanceof AppError) {
      try {
        await recordLogin(ctx, call, ctx.viewer?.id ?? null, error.detail ?? error.code);
      } catch (auditError) {
        ctx.logger.error({ err: auditError, requestId: ctx.requestId }, 'could not record a failed login in the audit trail');
      }
    }
    throw error;
  }
  const staffId = ctx.viewer?.id ?? (result as { staff?: { id?: string } } | null)?.staff?.id ?? null;
  await recordLogin(ctx, call, staffId, null);
  return result;
}

/** A query declared `@Audited(...)` (a data export) is recorded once it has answered something (null read nothing), on its own. */
async function recordedRead<T>(ctx: RequestContext, call: AuditedCall, work: () => Promise<T> | T): Promise<T> {
  const result = await work();
  if (result != null) await recordMutation(ctx, call, result);
  return result;
}
