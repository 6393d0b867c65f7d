import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { Extensions } from 'type-graphql';
import type { RequestContext } from '../context';
import { UnauthenticatedError } from '../errors';

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
 *   cleared (what they cached may be stale) and the mutation's `afterCommit` callbacks run.
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
        return transactional ? inTransaction(ctx, () => resolve(source, args, ctx, info)) : resolve(source, args, ctx, info);
      };
    }
  }
  return schema;
}

async function inTransaction<T>(ctx: RequestContext, work: () => Promise<T> | T): Promise<T> {
  const { em } = ctx;
  await em.begin();
  let committed = false;
  try {
    const result = await work();
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
