import type { RequestContext } from './context';
import { HookKey } from './module';

/**
 * Lets a domain refuse the deletion of another domain's record without that domain importing it
 * (imports run users ← services, catalog ← sales ← reporting): sales tells services "this plan
 * was sold", services tells users "this customer has active services". The guarded module
 * declares the key; the others add guards to it in their `install`.
 */
export type DeletionGuard = (ctx: RequestContext, id: string) => Promise<string | null>;

export function deletionGuardKey(what: string): HookKey<DeletionGuard> {
  return new HookKey<DeletionGuard>(`${what} deletion guards`);
}

/** Why the record cannot be deleted (e.g. "it has 3 sales"), from every guard installed for `key`. */
export async function deletionRefusals(ctx: RequestContext, key: HookKey<DeletionGuard>, id: string): Promise<string[]> {
  const reasons = await Promise.all(ctx.app.hooks(key).map((guard) => guard(ctx, id)));
  return reasons.filter((reason): reason is string => reason !== null);
}
