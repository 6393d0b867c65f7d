import type { RequestContext } from '../../core/context';
import type { AppModule } from '../../core/module';
import { productDeletionGuards } from '../catalog';
import { servicePlanDeletionGuards } from '../services';
import { customerDeletionGuards, setPurchaseStatsSql } from '../users';
import { Promotion, PromotionRedemption } from './promotion.entity';
import { PromotionResolver } from './promotion.resolver';
import { Sale, SaleEvent, SaleIdempotencyKey, SaleLine, SaleNumberCounter, SaleStatusChange } from './sale.entity';
import { CustomerPurchasesResolver, SaleLineResolver, SaleResolver, SaleStatusChangeResolver } from './sale.resolver';
import { expirePendingSales } from './sale.service';
import { salesConstraintErrors } from './sales.errors';

/** A deletion guard from a count: other domains learn about sales without importing them. */
function countRows(sql: string, what: (count: number) => string) {
  return async (ctx: RequestContext, id: string) => {
    const [{ count }] = await ctx.em.execute<{ count: number }[]>(sql, [id]);
    return count > 0 ? what(count) : null;
  };
}
customerDeletionGuards.add(countRows('select count(*)::int as count from sale where customer_id = ?', (n) => `it has ${n} sale(s)`));
productDeletionGuards.add(countRows('select count(distinct sale_id)::int as count from sale_line where product_id = ?', (n) => `it was sold in ${n} sale(s)`));
servicePlanDeletionGuards.add(countRows('select count(distinct sale_id)::int as count from sale_line where service_plan_id = ?', (n) => `it was sold in ${n} sale(s)`));

// The automatic customer category rule counts paid sales and their net revenue (after discounts, before tax).
setPurchaseStatsSql(`select customer_id, count(*)::bigint as paid_purchases, sum(subtotal - discount) as net_spent from sale where status = 'PAID' group by customer_id`);

export const salesModule: AppModule = {
  name: 'sales',
  entities: [Sale, SaleLine, SaleStatusChange, SaleEvent, SaleNumberCounter, SaleIdempotencyKey, Promotion, PromotionRedemption],
  resolvers: [SaleResolver, SaleLineResolver, SaleStatusChangeResolver, CustomerPurchasesResolver, PromotionResolver],
  constraintErrors: salesConstraintErrors,
  backgroundJobs: [
    {
      name: 'expire-pending-sales',
      intervalSeconds: (config) => config.sales.expirySweepSeconds,
      run: (ctx) => expirePendingSales(ctx),
    },
  ],
};

export { Sale, SaleLine, SaleStatusChange } from './sale.entity';
export { SaleEventType, SaleStatus } from './sales.enums';
export { Promotion } from './promotion.entity';
export { PromotionType, SaleType } from './sales.types';
export { linesBySale, promotionById, saleById } from './sales.loaders';
