import { rowsByParentLoader, rowByIdLoader } from '../../core/loaders';
import { pageByParentLoader, type SortKeys } from '../../core/pagination';
import { ServicePlan, ServicePlanPrice } from './service-plan.entity';
import type { ServiceSubscriptionStatus } from './services.enums';
import { ServiceSubscription } from './subscription.entity';

export const SUBSCRIPTION_SORT_KEYS: SortKeys<ServiceSubscription> = [
  ['startDate', 'desc'],
  ['id', 'desc'],
];

export const servicePlanById = rowByIdLoader(ServicePlan);
/** With their plan, read in the same statement: a customer's subscriptions are nearly always shown with what they subscribe to. */
export const subscriptionsByCustomer = rowsByParentLoader(ServiceSubscription, 'customer', { startDate: 'desc' }, { servicePlan: servicePlanById }, 'ServiceSubscription');
/** Newest first; of two prices from the same instant, the later one (higher id) first, as it is the current one. */
export const priceHistoryByPlan = rowsByParentLoader(ServicePlanPrice, 'servicePlan', { validFrom: 'desc', id: 'desc' });

/** A plan's subscribers, one loader per status filter (the registry keys loaders by their args). */
const subscriberPages = new Map<string, ReturnType<typeof pageByParentLoader<ServiceSubscription>>>();
export function subscriberPageByPlan(status: ServiceSubscriptionStatus | null | undefined) {
  const key = status ?? 'ANY';
  let factory = subscriberPages.get(key);
  if (!factory) {
    factory = pageByParentLoader({ entity: ServiceSubscription, parent: 'servicePlan', keys: SUBSCRIPTION_SORT_KEYS, where: status ? { status } : {} });
    subscriberPages.set(key, factory);
  }
  return factory;
}
