import { LockMode } from '@mikro-orm/core';
import type { RequestContext } from '../../core/context';
import { BadUserInputError, NotFoundError } from '../../core/errors';
import { isWellFormedId } from '../../core/ids';
import type { Money } from '../../core/money';
import { todayIn } from '../../core/time';
import { addressFromInput, AddressKind, getCustomer, type Customer, type CustomerAddress } from '../users';
import type { ServicePlan } from './service-plan.entity';
import { assertPlanAvailable, getServicePlan } from './service-plan.service';
import { ServiceSubscriptionStatus, SUBSCRIPTION_STATUS_MOVES } from './services.enums';
import { ServicesErrorDetail } from './services.errors';
import type { SubscribeCustomerInput } from './services.inputs';
import { ServiceSubscription } from './subscription.entity';

export async function subscribeCustomer(ctx: RequestContext, input: SubscribeCustomerInput): Promise<ServiceSubscription> {
  const customer = await getCustomer(ctx, input.customerId, 'input.customerId');
  const plan = await getServicePlan(ctx, input.servicePlanId, 'input.servicePlanId', LockMode.PESSIMISTIC_READ);
  const startDate = input.startDate ?? todayIn(ctx.config.businessTimeZone);
  assertPlanAvailable(plan, startDate, 'input.servicePlanId');
  return openSubscription(ctx, {
    customer,
    plan,
    startDate,
    price: plan.price,
    installationAddress: input.installationAddress ? addressFromInput(input.installationAddress) : null,
  });
}

export interface OpenSubscription {
  customer: Customer;
  plan: ServicePlan;
  startDate: string;
  /** What the customer pays: the plan's price, or the price on the sale that opened it. */
  price: Money;
  /** Null: the customer's INSTALLATION address, if any. */
  installationAddress: CustomerAddress | null;
  saleId?: string | null;
}

/** Opens an ACTIVE subscription; also used by sales when a sale with a plan is paid. */
export function openSubscription(ctx: RequestContext, subscription: OpenSubscription): ServiceSubscription {
  const { customer, plan, startDate, price, installationAddress, saleId = null } = subscription;
  return ctx.em.create(ServiceSubscription, {
    customer,
    servicePlan: plan,
    status: ServiceSubscriptionStatus.ACTIVE,
    startDate,
    endDate: null,
    price: { ...price },
    installationAddress: installationAddress ?? customer.addresses.find((a) => a.kind === AddressKind.INSTALLATION) ?? null,
    saleId,
  });
}

/** ACTIVE ↔ SUSPENDED, either → CANCELLED (final, sets the end date to today). */
export async function changeSubscriptionStatus(ctx: RequestContext, id: string, status: ServiceSubscriptionStatus): Promise<ServiceSubscription> {
  // Locked until the transaction ends: concurrent moves queue, so each one checks the status the
  // previous one left (else a cancellation can be overwritten by a suspension).
  const subscription = isWellFormedId(id) ? await ctx.em.findOne(ServiceSubscription, id, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
  if (!subscription) throw new NotFoundError('ServiceSubscription', id);
  moveSubscription(ctx, subscription, status);
  return subscription;
}

/** The one place a subscription's status changes. */
export function moveSubscription(ctx: RequestContext, subscription: ServiceSubscription, to: ServiceSubscriptionStatus): void {
  if (!SUBSCRIPTION_STATUS_MOVES[subscription.status].includes(to)) {
    throw BadUserInputError.field(
      'status',
      `a subscription cannot move from ${subscription.status} to ${to} (ACTIVE ↔ SUSPENDED, either → CANCELLED, which is final)`,
      ServicesErrorDetail.INVALID_TRANSITION,
    );
  }
  subscription.status = to;
  if (to === ServiceSubscriptionStatus.CANCELLED) subscription.endDate = todayIn(ctx.config.businessTimeZone);
}
