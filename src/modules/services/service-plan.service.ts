import { deletionRefusals } from '../../core/deletion-guards';
import { LockMode, type FilterQuery } from '@mikro-orm/core';
import { viewerOf, type RequestContext } from '../../core/context';
import { BadUserInputError, ConflictError, NotFoundError } from '../../core/errors';
import { isWellFormedId } from '../../core/ids';
import { amountRange, moneyFromInput, type Money } from '../../core/money';
import { paginate, SortDirection, type Connection, type SortKeys } from '../../core/pagination';
import { escapeLike } from '../../core/validation';
import { Staff } from '../users';
import { Feature, ServicePlan, ServicePlanPrice } from './service-plan.entity';
import { PLAN_STATUS_MOVES, ServicePlanStatus, ServiceSubscriptionStatus } from './services.enums';
import { ServicesErrorDetail } from './services.errors';
import { SERVICE_PLAN_DELETION_GUARDS } from './services.hooks';
import { ServicePlanOrderField, type CreateServicePlanInput, type FeatureInput, type ServicePlanOrder, type ServicePlansArgs, type UpdateServicePlanInput } from './services.inputs';
import { ServiceSubscription } from './subscription.entity';
import { rowsById, type Row } from '../../core/db/rows';
import { servicePlanById } from './services.loaders';

export function findServicePlan(ctx: RequestContext, id: string): Promise<Row<ServicePlan> | null> {
  return ctx.loaders.get(servicePlanById).load(id);
}

/** Plans by id (as rows: a sale only reads them), one statement; unknown and malformed ids are absent. */
export async function findServicePlansForSale(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, Row<ServicePlan>>> {
  return rowsById(await ctx.loaders.get(servicePlanById).loadMany(ids));
}

/** For mutations: an unknown id is NOT_FOUND. `field` names the argument that carried it. */
/**
 * For mutations: an unknown id is NOT_FOUND. `field` names the argument that carried it. `lock`
 * holds the row until the transaction ends: WRITE to change or delete the plan, READ to rely on
 * its status (a subscription must not slip in while the plan is being retired).
 */
export async function getServicePlan(ctx: RequestContext, id: string, field?: string, lock?: LockMode): Promise<ServicePlan> {
  const plan = isWellFormedId(id) ? await ctx.em.findOne(ServicePlan, id, lock ? { lockMode: lock } : {}) : null;
  if (!plan) throw new NotFoundError('ServicePlan', id, field);
  return plan;
}

export function listServicePlans(ctx: RequestContext, { first, after, filter, orderBy }: ServicePlansArgs): Promise<Connection<Row<ServicePlan>>> {
  const conditions: FilterQuery<ServicePlan>[] = [];
  if (filter?.type) conditions.push({ type: filter.type });
  if (filter?.status) conditions.push({ status: filter.status });
  const search = filter?.search?.trim();
  if (search) conditions.push({ $or: [{ code: { $ilike: `%${escapeLike(search)}%` } }, { name: { $ilike: `%${escapeLike(search)}%` } }] });
  const price = amountRange(filter?.minPrice, filter?.maxPrice, 'filter.maxPrice');
  if (price) conditions.push({ price: { amount: price } });
  return paginate(ctx.em, ServicePlan, { $and: conditions }, planSortKeys(orderBy), { first, after }, { scope: ctx, answerType: 'ServicePlan' });
}

function planSortKeys(orderBy: ServicePlanOrder | null | undefined): SortKeys<ServicePlan> {
  const dir = (orderBy?.direction ?? SortDirection.ASC) === SortDirection.ASC ? 'asc' : 'desc';
  switch (orderBy?.field ?? ServicePlanOrderField.NAME) {
    case ServicePlanOrderField.NAME:
      return [['name', dir], ['id', dir]];
    case ServicePlanOrderField.PRICE:
      return [['price.amount', dir], ['id', dir]];
    case ServicePlanOrderField.CREATED_AT:
      return [['createdAt', dir], ['id', dir]];
  }
}

export async function createServicePlan(ctx: RequestContext, input: CreateServicePlanInput): Promise<ServicePlan> {
  checkValidity(input.validFrom, input.validUntil);
  const plan = ctx.em.create(ServicePlan, {
    code: input.code.trim().toUpperCase(),
    name: input.name.trim(),
    description: input.description?.trim() || null,
    type: input.type,
    features: input.features.map(toFeature),
    price: moneyFromInput(input.price, 'input.price'),
    billingPeriod: input.billingPeriod,
    status: input.status ?? ServicePlanStatus.ACTIVE,
    taxExempt: input.taxExempt ?? false,
    validFrom: input.validFrom ?? null,
    validUntil: input.validUntil ?? null,
  });
  recordPrice(ctx, plan, plan.price, viewerOf(ctx).id);
  return plan;
}

export async function updateServicePlan(ctx: RequestContext, id: string, input: UpdateServicePlanInput): Promise<ServicePlan> {
  // Locked: concurrent price changes of one plan queue, each closing the history entry the previous
  // one opened (else several entries stay open).
  const plan = await getServicePlan(ctx, id, undefined, LockMode.PESSIMISTIC_WRITE);
  if (input.name !== undefined) plan.name = input.name.trim();
  if (input.description !== undefined) plan.description = input.description?.trim() || null;
  if (input.features !== undefined) plan.features = input.features.map(toFeature);
  if (input.validFrom !== undefined) plan.validFrom = input.validFrom;
  if (input.validUntil !== undefined) plan.validUntil = input.validUntil;
  if (input.taxExempt !== undefined) plan.taxExempt = input.taxExempt;
  checkValidity(plan.validFrom, plan.validUntil);
  if (input.price !== undefined) {
    const price = moneyFromInput(input.price, 'input.price');
    if (price.amount !== plan.price.amount) await changePrice(ctx, plan, price);
  }
  if (input.status !== undefined && input.status !== plan.status) moveStatus(plan, input.status, 'input.status');
  return plan;
}

/** Idempotent: retiring a retired plan returns it unchanged. */
export async function retireServicePlan(ctx: RequestContext, id: string): Promise<ServicePlan> {
  const plan = await getServicePlan(ctx, id, undefined, LockMode.PESSIMISTIC_WRITE);
  if (plan.status !== ServicePlanStatus.RETIRED) moveStatus(plan, ServicePlanStatus.RETIRED, 'id');
  return plan;
}

/** Only a plan nobody ever used: past subscriptions and sales refer to it (retire it instead). */
export async function deleteServicePlan(ctx: RequestContext, id: string): Promise<string> {
  // Locked: a subscription or sale started meanwhile waits, then finds the plan gone.
  const plan = await getServicePlan(ctx, id, undefined, LockMode.PESSIMISTIC_WRITE);
  const subscriptions = await ctx.em.count(ServiceSubscription, { servicePlan: plan });
  const reasons = [
    ...(subscriptions > 0 ? [`it has ${subscriptions} subscription(s)`] : []),
    ...(await deletionRefusals(ctx, SERVICE_PLAN_DELETION_GUARDS, plan.id)),
  ];
  if (reasons.length > 0) {
    throw new ConflictError(`Service plan ${plan.code} cannot be deleted: ${reasons.join('; ')}. Retire it instead`, ServicesErrorDetail.PLAN_IN_USE, { reasons });
  }
  ctx.em.remove(plan);
  return plan.id;
}

/** Can this plan be subscribed or sold on `date` (YYYY-MM-DD)? Throws BAD_USER_INPUT naming `field` when not. */
export function assertPlanAvailable(plan: Pick<ServicePlan, 'code' | 'status' | 'validFrom' | 'validUntil'>, date: string, field: string): void {
  if (plan.status !== ServicePlanStatus.ACTIVE) {
    throw BadUserInputError.field(field, `plan ${plan.code} is ${plan.status} and cannot be subscribed or sold`, ServicesErrorDetail.PLAN_NOT_AVAILABLE);
  }
  if ((plan.validFrom && date < plan.validFrom) || (plan.validUntil && date > plan.validUntil)) {
    throw BadUserInputError.field(field, `plan ${plan.code} is offered from ${plan.validFrom ?? 'any date'} to ${plan.validUntil ?? 'any date'}, not on ${date}`, ServicesErrorDetail.PLAN_NOT_AVAILABLE);
  }
}

export async function countActiveSubscriptionsOf(ctx: RequestContext, customerId: string): Promise<number> {
  return ctx.em.count(ServiceSubscription, { customer: customerId, status: { $ne: ServiceSubscriptionStatus.CANCELLED } });
}

function moveStatus(plan: ServicePlan, to: ServicePlanStatus, field: string): void {
  if (!PLAN_STATUS_MOVES[plan.status].includes(to)) {
    throw BadUserInputError.field(field, `a plan cannot move from ${plan.status} to ${to} (DRAFT → ACTIVE → RETIRED; RETIRED is final)`, ServicesErrorDetail.INVALID_TRANSITION);
  }
  plan.status = to;
}

async function changePrice(ctx: RequestContext, plan: ServicePlan, price: Money): Promise<void> {
  const now = new Date();
  await ctx.em.nativeUpdate(ServicePlanPrice, { servicePlan: plan, validTo: null }, { validTo: now });
  plan.price = price;
  recordPrice(ctx, plan, price, viewerOf(ctx).id, now);
}

function recordPrice(ctx: RequestContext, plan: ServicePlan, price: Money, changedById: string | null, validFrom = new Date()): void {
  ctx.em.create(ServicePlanPrice, {
    servicePlan: plan,
    price: { ...price },
    validFrom,
    validTo: null,
    changedBy: changedById ? ctx.em.getReference(Staff, changedById) : null,
  });
}

function checkValidity(validFrom: string | null | undefined, validUntil: string | null | undefined): void {
  if (validFrom && validUntil && validFrom > validUntil) {
    throw BadUserInputError.field('input.validUntil', 'must not be before validFrom', ServicesErrorDetail.INVALID_VALIDITY);
  }
}

function toFeature(input: FeatureInput): Feature {
  return Object.assign(new Feature(), { name: input.name.trim(), value: input.value.trim(), unit: input.unit?.trim() || null });
}
