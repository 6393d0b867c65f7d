import { type RequestContext } from '../../core/context';
import { BadUserInputError, ConflictError, NotFoundError } from '../../core/errors';
import { isWellFormedId } from '../../core/ids';
import { Decimal, moneyFromInput } from '../../core/money';
import { Customer } from '../users';
import { Promotion, PromotionRedemption } from './promotion.entity';
import { Sale } from './sale.entity';
import { SalesErrorDetail } from './sales.errors';
import type { CreatePromotionInput, UpdatePromotionInput } from './promotion.inputs';
import { findRows, type Row } from '../../core/db/rows';

/** What a promotion looks at on a sale line. */
export interface PromotableItem {
  productId: string | null;
  productCategoryId: string | null;
  servicePlanId: string | null;
  serviceType: string | null;
}

export function listPromotions(ctx: RequestContext): Promise<Row<Promotion>[]> {
  return findRows(ctx.em, Promotion, {}, { orderBy: [{ active: 'desc' }, { code: 'asc' }] });
}

export async function getPromotion(ctx: RequestContext, id: string): Promise<Promotion> {
  const promotion = isWellFormedId(id) ? await ctx.em.findOne(Promotion, id) : null;
  if (!promotion) throw new NotFoundError('Promotion', id);
  return promotion;
}

export function createPromotion(ctx: RequestContext, input: CreatePromotionInput): Promotion {
  if ((input.percentOff == null) === (input.amountOff == null)) {
    throw BadUserInputError.field('input.percentOff', 'give exactly one of percentOff and amountOff', SalesErrorDetail.INVALID_PROMOTION);
  }
  const amountOff = input.amountOff ? moneyFromInput(input.amountOff, 'input.amountOff') : null;
  if (amountOff && new Decimal(amountOff.amount).isZero()) throw BadUserInputError.field('input.amountOff.amount', 'must be more than 0', SalesErrorDetail.INVALID_PROMOTION);
  checkValidity(input.validFrom, input.validTo);
  for (const field of ['productIds', 'servicePlanIds', 'productCategoryIds'] as const) {
    const bad = (input[field] ?? []).find((id) => !isWellFormedId(id));
    if (bad !== undefined) throw BadUserInputError.field(`input.${field}`, `${JSON.stringify(bad)} is not an id`);
  }
  return ctx.em.create(Promotion, {
    code: input.code.trim().toUpperCase(),
    name: input.name.trim(),
    description: input.description?.trim() || null,
    percentOff: input.percentOff ?? null,
    amountOff: amountOff?.amount ?? null,
    productIds: unique(input.productIds),
    servicePlanIds: unique(input.servicePlanIds),
    productCategoryIds: unique(input.productCategoryIds),
    serviceTypes: unique(input.serviceTypes),
    customerCategories: unique(input.customerCategories),
    regions: unique(input.regions?.map((region) => region.trim())),
    validFrom: input.validFrom ?? null,
    validTo: input.validTo ?? null,
    usageLimit: input.usageLimit ?? null,
    perCustomerLimit: input.perCustomerLimit ?? null,
    active: input.active ?? true,
  });
}

export async function updatePromotion(ctx: RequestContext, id: string, input: UpdatePromotionInput): Promise<Promotion> {
  const promotion = await getPromotion(ctx, id);
  if (input.name !== undefined) promotion.name = input.name.trim();
  if (input.description !== undefined) promotion.description = input.description?.trim() || null;
  if (input.validFrom !== undefined) promotion.validFrom = input.validFrom;
  if (input.validTo !== undefined) promotion.validTo = input.validTo;
  if (input.usageLimit !== undefined) {
    if (input.usageLimit != null && input.usageLimit < promotion.usedCount) {
      throw BadUserInputError.field('input.usageLimit', `it has been used ${promotion.usedCount} times already`, SalesErrorDetail.INVALID_PROMOTION);
    }
    promotion.usageLimit = input.usageLimit;
  }
  if (input.perCustomerLimit !== undefined) promotion.perCustomerLimit = input.perCustomerLimit;
  if (input.active !== undefined) promotion.active = input.active;
  checkValidity(promotion.validFrom, promotion.validTo);
  return promotion;
}

/** Only a promotion no sale ever used (else CONFLICT: deactivate it instead). */
export async function deletePromotion(ctx: RequestContext, id: string): Promise<string> {
  const promotion = await getPromotion(ctx, id);
  const sales = await ctx.em.count(Sale, { promotion });
  if (sales > 0) throw new ConflictError(`Promotion ${promotion.code} was used by ${sales} sale(s): deactivate it instead`, SalesErrorDetail.PROMOTION_IN_USE);
  ctx.em.remove(promotion);
  return promotion.id;
}

/** Does the promotion cover this line? One that lists no target covers the whole sale. */
export function covers(promotion: Promotion, item: PromotableItem): boolean {
  const targeted =
    promotion.productIds.length + promotion.servicePlanIds.length + promotion.productCategoryIds.length + promotion.serviceTypes.length > 0;
  if (!targeted) return true;
  return (
    (item.productId !== null && promotion.productIds.includes(item.productId)) ||
    (item.productCategoryId !== null && promotion.productCategoryIds.includes(item.productCategoryId)) ||
    (item.servicePlanId !== null && promotion.servicePlanIds.includes(item.servicePlanId)) ||
    (item.serviceType !== null && promotion.serviceTypes.includes(item.serviceType))
  );
}

/**
 * Checks that `code` applies to this customer's sale and takes one use of it, atomically: the
 * counter update both enforces the overall limit and locks the promotion until commit, so
 * concurrent sales of the same promotion count the customer's uses one after the other.
 */
export async function claimPromotion(ctx: RequestContext, code: string, customer: Pick<Customer, 'id' | 'category' | 'billingRegion'>, items: PromotableItem[], now = new Date()): Promise<Promotion> {
  const field = 'input.promotionCode';
  const refuse = (message: string, detail: SalesErrorDetail) => BadUserInputError.field(field, message, detail);
  const promotion = await ctx.em.findOne(Promotion, { code: code.trim().toUpperCase() });
  if (!promotion) throw refuse(`no promotion has the code ${code}`, SalesErrorDetail.PROMOTION_NOT_FOUND);
  if (!promotion.active) throw refuse(`promotion ${promotion.code} is not active`, SalesErrorDetail.PROMOTION_INACTIVE);
  if (promotion.validFrom && now < promotion.validFrom) throw refuse(`promotion ${promotion.code} starts on ${promotion.validFrom.toISOString()}`, SalesErrorDetail.PROMOTION_NOT_STARTED);
  if (promotion.validTo && now >= promotion.validTo) throw refuse(`promotion ${promotion.code} ended on ${promotion.validTo.toISOString()}`, SalesErrorDetail.PROMOTION_EXPIRED);
  if (promotion.customerCategories.length > 0 && !promotion.customerCategories.includes(customer.category)) {
    throw refuse(`promotion ${promotion.code} is for ${promotion.customerCategories.join(', ')} customers, and this one is ${customer.category}`, SalesErrorDetail.PROMOTION_NOT_ELIGIBLE);
  }
  const region = customer.billingRegion.toLocaleLowerCase('es');
  if (promotion.regions.length > 0 && !promotion.regions.some((r) => r.toLocaleLowerCase('es') === region)) {
    throw refuse(`promotion ${promotion.code} is for customers in ${promotion.regions.join(', ')}, not ${customer.billingRegion}`, SalesErrorDetail.PROMOTION_NOT_ELIGIBLE);
  }
  if (!items.some((item) => covers(promotion, item))) {
    throw refuse(`promotion ${promotion.code} covers none of the sale's lines`, SalesErrorDetail.PROMOTION_NOT_APPLICABLE);
  }
  const [claimed] = await ctx.em.execute<{ used_count: number }[]>(
    'update promotion set used_count = used_count + 1 where id = ? and (usage_limit is null or used_count < usage_limit) returning used_count',
    [promotion.id],
  );
  if (!claimed) throw refuse(`promotion ${promotion.code} has been used its ${promotion.usageLimit} times`, SalesErrorDetail.PROMOTION_EXHAUSTED);
  if (promotion.perCustomerLimit != null) {
    const used = await ctx.em.count(PromotionRedemption, { promotion, customer: customer.id });
    if (used >= promotion.perCustomerLimit) {
      throw refuse(`this customer has used promotion ${promotion.code} ${used} time(s), its limit per customer`, SalesErrorDetail.PROMOTION_EXHAUSTED);
    }
  }
  return promotion;
}

export function recordRedemption(ctx: RequestContext, promotion: Promotion, customerId: string, saleId: string): void {
  ctx.em.create(PromotionRedemption, { promotion, customer: ctx.em.getReference(Customer, customerId), saleId });
}

/** A cancelled sale gives its use back (a refunded one keeps it: the discount was enjoyed). */
export async function releaseRedemption(ctx: RequestContext, promotionId: string, saleId: string): Promise<void> {
  const removed = await ctx.em.nativeDelete(PromotionRedemption, { saleId });
  if (removed > 0) await ctx.em.execute('update promotion set used_count = used_count - 1 where id = ? and used_count > 0', [promotionId]);
}

function checkValidity(from: Date | null | undefined, to: Date | null | undefined): void {
  if (from && to && from >= to) throw BadUserInputError.field('input.validTo', 'must be after validFrom', SalesErrorDetail.INVALID_PROMOTION);
}

function unique<T>(values: readonly T[] | null | undefined): T[] {
  return [...new Set(values ?? [])];
}
