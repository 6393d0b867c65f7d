import type { RequestContext } from '../../core/context';
import { Decimal } from '../../core/money';
import type { SeededRandom } from '../random';
import { generateSales } from '../sales-generator';
import { Product, ProductStatus } from '../../modules/catalog';
import { ServicePlan, ServicePlanStatus, ServiceType } from '../../modules/services';
import { Customer, CustomerCategory, recomputeCustomerCategories } from '../../modules/users';
import { createPromotion } from '../../modules/sales/promotion.service';
import { cancelSale, createSale, paySale, refundSale } from '../../modules/sales/sale.service';
import { PaymentMethod } from '../../modules/sales/sales.enums';

/**
 * Promotions, a few sales through the same service calls as the API (with every lifecycle step),
 * then 18 months of history written in bulk, and the category rule applied to the result.
 */
export async function seedSalesDemo(ctx: RequestContext, random: SeededRandom): Promise<string> {
  const promotions = [
    createPromotion(ctx, { code: 'LEALES15', name: '15% en planes postpago para clientes leales', percentOff: 15, serviceTypes: [ServiceType.MOBILE_POSTPAID], customerCategories: [CustomerCategory.LOYAL] }),
    createPromotion(ctx, { code: 'FIBRA-ANTIOQUIA', name: '$20.000 de descuento en fibra en Antioquia', amountOff: { amount: new Decimal(20000) }, serviceTypes: [ServiceType.FIBER_INTERNET], regions: ['Antioquia'], perCustomerLimit: 1 }),
    createPromotion(ctx, { code: 'BIENVENIDA10', name: '10% en tu primera compra', percentOff: 10, customerCategories: [CustomerCategory.NEW], perCustomerLimit: 1, usageLimit: 500 }),
    createPromotion(ctx, { code: 'BLACKFRIDAY2025', name: 'Black Friday 2025', percentOff: 20, validFrom: new Date('2025-11-28T05:00:00Z'), validTo: new Date('2025-12-01T05:00:00Z') }),
  ];
  await ctx.em.flush();

  const customers = await ctx.em.find(Customer, {}, { orderBy: { id: 'asc' } });
  const products = await ctx.em.find(Product, { status: ProductStatus.ACTIVE, stock: { $gte: 10 } }, { orderBy: { id: 'asc' } });
  const plans = await ctx.em.find(ServicePlan, { status: ServicePlanStatus.ACTIVE }, { orderBy: { id: 'asc' } });
  let live = 0;
  for (let i = 0; i < 12; i++) {
    const customer = customers[i % customers.length];
    const lines = [
      { productId: random.pick(products).id, quantity: 1 },
      ...(random.chance(0.6) ? [{ servicePlanId: random.pick(plans).id, quantity: 1 }] : []),
    ];
    const sale = await createSale(ctx, { customerId: customer.id, lines, promotionCode: customer.category === CustomerCategory.NEW && i < 4 ? 'BIENVENIDA10' : null });
    await ctx.em.flush();
    const fate = i % 6;
    if (fate <= 2) await paySale(ctx, sale.id, { method: random.pick(Object.values(PaymentMethod)), reference: `VOUCHER-${1000 + i}` });
    if (fate === 3) await cancelSale(ctx, sale.id, 'The customer will come back next week');
    if (fate === 4) {
      await paySale(ctx, sale.id, { method: PaymentMethod.CARD, reference: null });
      await ctx.em.flush();
      await refundSale(ctx, sale.id, 'Device returned within the retracto period');
    }
    await ctx.em.flush();
    live++;
  }

  const history = await generateSales(ctx.em, {
    sales: 4000,
    monthsBack: 18,
    seed: random.int(1, 999),
    ivaRate: ctx.config.sales.ivaRate,
    timeZone: ctx.config.businessTimeZone,
    holdHours: ctx.config.sales.holdHours,
  });
  const recategorised = await recomputeCustomerCategories(ctx);
  return `${promotions.length} promotions, ${live} sales through the API services, ${history} historical sales in bulk, ${recategorised} customers recategorised`;
}
