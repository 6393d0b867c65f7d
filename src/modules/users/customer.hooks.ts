import type { RequestContext } from '../../core/context';

/**
 * What other domains tell `users` about customers, without `users` importing them
 * (imports run users ← services, catalog ← sales ← reporting).
 */

/** Answers why the customer cannot be deleted (e.g. "has 3 sales"), or null when nothing of yours holds it. */
export type CustomerDeletionGuard = (ctx: RequestContext, customerId: string) => Promise<string | null>;

const deletionGuards: CustomerDeletionGuard[] = [];

export function addCustomerDeletionGuard(guard: CustomerDeletionGuard): void {
  deletionGuards.push(guard);
}

export async function reasonsCustomerCannotBeDeleted(ctx: RequestContext, customerId: string): Promise<string[]> {
  const reasons = await Promise.all(deletionGuards.map((guard) => guard(ctx, customerId)));
  return reasons.filter((reason): reason is string => reason !== null);
}

/**
 * SQL selecting `customer_id, paid_purchases, net_spent` (one row per customer with purchases)
 * for the automatic category rule. Sales provides it; until then nobody has purchases.
 */
let purchaseStatsSql = 'select null::bigint as customer_id, 0::bigint as paid_purchases, 0::numeric as net_spent where false';

export function setPurchaseStatsSql(sql: string): void {
  purchaseStatsSql = sql;
}

export function getPurchaseStatsSql(): string {
  return purchaseStatsSql;
}
