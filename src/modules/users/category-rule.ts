import type { EntityManager } from '@mikro-orm/postgresql';
import type { CategoryRuleThresholds } from '../../core/config';

/**
 * The automatic customer category rule (thresholds from config, see README):
 * - LOYAL:   a customer for at least `loyalMinTenureDays` days, and either `loyalMinPurchases`
 *            paid purchases or `loyalMinSpend` COP spent (net);
 * - REGULAR: a customer for at least `regularMinTenureDays` days, or `regularMinPurchases` paid purchases;
 * - NEW:     everyone else.
 * Customers whose category was set by hand are left alone.
 *
 * One statement evaluates, updates and records history for all customers (or the ones given),
 * so a run over the whole base is set-based and atomic. Returns how many changed.
 */
export async function applyCategoryRule(
  em: EntityManager,
  thresholds: CategoryRuleThresholds,
  /** Customers' paid purchases and net spend (`purchaseStatsSql`: installed by sales). */
  purchaseStatsSql: string,
  onlyCustomerIds: string[] | null = null,
): Promise<number> {
  const sql = `
    with purchase_stats as (${purchaseStatsSql}),
    evaluated as (
      select c.id, c.category as old_category,
             floor(extract(epoch from (now() - c.created_at)) / 86400)::int as tenure_days,
             coalesce(s.paid_purchases, 0) as paid_purchases,
             coalesce(s.net_spent, 0) as net_spent
        from customer c
        left join purchase_stats s on s.customer_id = c.id
       where not c.category_is_manual
         and (?::bigint[] is null or c.id = any(?::bigint[]))
    ),
    decided as (
      select e.*,
             case
               when tenure_days >= ? and (paid_purchases >= ? or net_spent >= ?::numeric) then 'LOYAL'
               when tenure_days >= ? or paid_purchases >= ? then 'REGULAR'
               else 'NEW'
             end as new_category
        from evaluated e
    ),
    changed as (
      update customer c
         set category = d.new_category, updated_at = now()
        from decided d
       where c.id = d.id and c.category <> d.new_category
      returning c.id, d.old_category, d.new_category, d.tenure_days, d.paid_purchases, d.net_spent
    ),
    recorded as (
      insert into customer_category_change (customer_id, from_category, to_category, changed_at, changed_by_id, reason)
      select id, old_category, new_category, now(), null,
             format('Automatic rule: customer for %s days, %s paid purchase(s), %s COP spent', tenure_days, paid_purchases, net_spent)
        from changed
      returning 1
    )
    select count(*)::int as changed from recorded`;
  const ids = onlyCustomerIds ? `{${onlyCustomerIds.join(',')}}` : null;
  const [{ changed }] = await em.execute<{ changed: number }[]>(sql, [
    ids,
    ids,
    thresholds.loyalMinTenureDays,
    thresholds.loyalMinPurchases,
    thresholds.loyalMinSpend,
    thresholds.regularMinTenureDays,
    thresholds.regularMinPurchases,
  ]);
  return changed;
}
