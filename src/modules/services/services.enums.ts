import { registerEnumType } from 'type-graphql';

export enum ServiceType {
  FIBER_INTERNET = 'FIBER_INTERNET',
  MOBILE_POSTPAID = 'MOBILE_POSTPAID',
  MOBILE_PREPAID = 'MOBILE_PREPAID',
  TV = 'TV',
  LANDLINE = 'LANDLINE',
  BUNDLE = 'BUNDLE',
}
registerEnumType(ServiceType, {
  name: 'ServiceType',
  description: 'The kind of service a plan provides; promotions and reports use it.',
  valuesConfig: {
    BUNDLE: { description: 'A package of several services (e.g. internet + TV + landline).' },
    FIBER_INTERNET: { description: 'Home internet over fibre.' },
    LANDLINE: { description: 'Fixed telephone line.' },
    MOBILE_POSTPAID: { description: 'Mobile line billed monthly after use.' },
    MOBILE_PREPAID: { description: 'Mobile line paid in advance (recharges, packs).' },
    TV: { description: 'Pay television.' },
  },
});

export enum BillingPeriod {
  MONTHLY = 'MONTHLY',
  ONE_TIME = 'ONE_TIME',
}
registerEnumType(BillingPeriod, {
  name: 'BillingPeriod',
  description: 'How often a service plan’s price is charged.',
  valuesConfig: {
    MONTHLY: { description: 'The price is charged every month while the subscription is ACTIVE.' },
    ONE_TIME: { description: 'The price is charged once, at the sale (installation, prepaid packs).' },
  },
});

export enum ServicePlanStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  RETIRED = 'RETIRED',
}
registerEnumType(ServicePlanStatus, {
  name: 'ServicePlanStatus',
  description: 'Whether a service plan is offered.',
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
  description: 'Where a subscription stands: ACTIVE ↔ SUSPENDED, either → CANCELLED.',
  valuesConfig: { CANCELLED: { description: 'Final: the end date is set.' }, ACTIVE: { description: 'In service and billed.' }, SUSPENDED: { description: 'Temporarily out of service (non-payment, a customer’s request); can be made ACTIVE again.' } },
});

/** ACTIVE ↔ SUSPENDED, either → CANCELLED; CANCELLED is final. */
export const SUBSCRIPTION_STATUS_MOVES: Record<ServiceSubscriptionStatus, ServiceSubscriptionStatus[]> = {
  [ServiceSubscriptionStatus.ACTIVE]: [ServiceSubscriptionStatus.SUSPENDED, ServiceSubscriptionStatus.CANCELLED],
  [ServiceSubscriptionStatus.SUSPENDED]: [ServiceSubscriptionStatus.ACTIVE, ServiceSubscriptionStatus.CANCELLED],
  [ServiceSubscriptionStatus.CANCELLED]: [],
};
