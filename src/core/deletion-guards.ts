import type { RequestContext } from './context';

/**
 * Lets a domain refuse the deletion of another domain's record without that domain importing it
 * (imports run users ← services, catalog ← sales ← reporting): sales tells services "this plan
 * was sold", services tells users "this customer has active services".
 */
export type DeletionGuard = (ctx: RequestContext, id: string) => Promise<string | null>;

export class DeletionGuards {
  private readonly guards: DeletionGuard[] = [];

  /** `guard` answers why the record cannot be deleted (e.g. "has 3 sales"), or null. */
  add(guard: DeletionGuard): void {
    this.guards.push(guard);
  }

  async reasons(ctx: RequestContext, id: string): Promise<string[]> {
    const reasons = await Promise.all(this.guards.map((guard) => guard(ctx, id)));
    return reasons.filter((reason): reason is string => reason !== null);
  }
}
