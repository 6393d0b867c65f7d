import { registerEnumType } from 'type-graphql';

export enum ServiceType {
  FIBER_INTERNET = 'FIBER_INTERNET',
  MOBILE_POSTPAID = 'MOBILE_POSTPAID',
  MOBILE_PREPAID = 'MOBILE_PREPAID',
  TV = 'TV',
  LANDLINE = 'LANDLINE',
  BUNDLE = 'BUNDLE',
}
registerEnumType(ServiceType, { name: 'ServiceType' });

export enum BillingPeriod {
  MONTHLY = 'MONTHLY',
  ONE_TIME = 'ONE_TIME',
}
registerEnumType(BillingPeriod, { name: 'BillingPeriod' });

export enum ServicePlanStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  RETIRED = 'RETIRED',
}
registerEnumType(ServicePlanStatus, {
  name: 'ServicePlanStatus',
  valuesConfig: {
    DRAFT: { description: 'Being prepared: not offered, cannot be subscribed.' },
    ACTIVE: { description: 'Offered: can be sold and subscribed.' },
    RETIRED: { description: 'No longer offered; existing subscriptions keep running. Final.' },
  },
});

/** DRAFT → ACTIVE → RETIRED, DRAFT → RETIRED; RETIRED is final. */
export const PLAN_STATUS_MOVES: Record<ServicePlanStatus, ServicePlanStatus[]> = {
  [ServicePlanStatus.DRAFT]: [ServicePlanStatus.ACTIVE, ServicePlanStatus.RETIRED],
  [ServicePlanStatus.ACTIVE]: [ServicePlanStatus.RETIRED],
  [ServicePlanStatus.RETIRED]: [],
};

export enum ServiceSubscriptionStatus {
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ServiceSubscriptionStatus, {
  name: 'ServiceSubscriptionStatus',
  valuesConfig: { CANCELLED: { description: 'Final: the end date is set.' } },
});

/** ACTIVE ↔ SUSPENDED, either → CANCELLED; CANCELLED is final. */
export const SUBSCRIPTION_STATUS_MOVES: Record<ServiceSubscriptionStatus, ServiceSubscriptionStatus[]> = {
  [ServiceSubscriptionStatus.ACTIVE]: [ServiceSubscriptionStatus.SUSPENDED, ServiceSubscriptionStatus.CANCELLED],
  [ServiceSubscriptionStatus.SUSPENDED]: [ServiceSubscriptionStatus.ACTIVE, ServiceSubscriptionStatus.CANCELLED],
  [ServiceSubscriptionStatus.CANCELLED]: [],
};
