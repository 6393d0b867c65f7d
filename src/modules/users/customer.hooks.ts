import { deletionGuardKey } from '../../core/deletion-guards';
import { HookKey, type AppWiring } from '../../core/module';

/**
 * What other domains tell `users` about customers, without `users` importing them
 * (imports run users ← services, catalog ← sales ← reporting): they add to these in their `install`.
 */

/** Why a customer cannot be deleted: services adds active subscriptions, sales adds purchases. */
export const CUSTOMER_DELETION_GUARDS = deletionGuardKey('customer');

/**
 * SQL selecting `customer_id, paid_purchases, net_spent` (one row per customer with purchases)
 * for the automatic category rule. Sales installs it; without it nobody has purchases.
 */
export const PURCHASE_STATS_SQL = new HookKey<string>('customer purchase stats SQL');

const NO_PURCHASES = 'select null::bigint as customer_id, 0::bigint as paid_purchases, 0::numeric as net_spent where false';

export function purchaseStatsSql(app: AppWiring): string {
  const installed = app.hooks(PURCHASE_STATS_SQL);
  if (installed.length > 1) throw new Error('more than one module installed the customer purchase stats SQL');
  return installed[0] ?? NO_PURCHASES;
}
