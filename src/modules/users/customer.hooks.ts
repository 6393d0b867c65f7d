import { DeletionGuards } from '../../core/deletion-guards';

/**
 * What other domains tell `users` about customers, without `users` importing them
 * (imports run users ← services, catalog ← sales ← reporting).
 */

/** Why a customer cannot be deleted: services adds active subscriptions, sales adds purchases. */
export const customerDeletionGuards = new DeletionGuards();

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
