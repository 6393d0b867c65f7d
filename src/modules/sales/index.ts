import type { RequestContext } from '../../core/context';
import type { AppModule } from '../../core/module';
import { PRODUCT_DELETION_GUARDS } from '../catalog';
import { SERVICE_PLAN_DELETION_GUARDS } from '../services';
import { CUSTOMER_DELETION_GUARDS, PURCHASE_STATS_SQL } from '../users';
import { Promotion, PromotionRedemption } from './promotion.entity';
import { PromotionResolver } from './promotion.resolver';
import { Sale, SaleEvent, SaleIdempotencyKey, SaleLine, SaleNumberCounter, SaleStatusChange } from './sale.entity';
import { CustomerPurchasesResolver, SaleLineResolver, SaleResolver, SaleStatusChangeResolver } from './sale.resolver';
import { expirePendingSales } from './sale.service';
import { salesConstraintErrors } from './sales.errors';
import { promotionById, saleById } from './sales.loaders';

/** A deletion guard from a count: other domains learn about sales without importing them. */
function countRows(sql: string, what: (count: number) => string) {
  return async (ctx: RequestContext, id: string) => {
    const [{ count }] = await ctx.em.execute<{ count: number }[]>(sql, [id]);
    return count > 0 ? what(count) : null;
  };
}
export const salesModule: AppModule = {
  name: 'sales',
  install(app) {
    app.entities(Sale, SaleLine, SaleStatusChange, SaleEvent, SaleNumberCounter, SaleIdempotencyKey, Promotion, PromotionRedemption);
    app.resolvers(SaleResolver, SaleLineResolver, SaleStatusChangeResolver, CustomerPurchasesResolver, PromotionResolver);
    app.constraintErrors(salesConstraintErrors);
    app.entityType('Sale', saleById);
    app.entityType('Promotion', promotionById);
    app.backgroundJob({
      name: 'expire-pending-sales',
      intervalSeconds: (config) => config.sales.expirySweepSeconds,
      run: (ctx) => expirePendingSales(ctx),
    });
    app.hook(CUSTOMER_DELETION_GUARDS, countRows('select count(*)::int as count from sale where customer_id = ?', (n) => `it has ${n} sale(s)`));
    app.hook(PRODUCT_DELETION_GUARDS, countRows('select count(distinct sale_id)::int as count from sale_line where product_id = ?', (n) => `it was sold in ${n} sale(s)`));
    app.hook(SERVICE_PLAN_DELETION_GUARDS, countRows('select count(distinct sale_id)::int as count from sale_line where service_plan_id = ?', (n) => `it was sold in ${n} sale(s)`));
    // The automatic customer category rule counts paid sales and their net revenue (after discounts, before tax).
    app.hook(PURCHASE_STATS_SQL, `select customer_id, count(*)::bigint as paid_purchases, sum(subtotal - discount) as net_spent from sale where status = 'PAID' group by customer_id`);
  },
};

export { Sale, SaleLine, SaleStatusChange } from './sale.entity';
export { SaleEventType, SaleStatus } from './sales.enums';
export { Promotion } from './promotion.entity';
export { PromotionType, SaleType } from './sales.types';
export { linesBySale, promotionById, saleById } from './sales.loaders';
