import type { AppModule } from '../../core/module';
import { customerDeletionGuards } from '../users';
import { ServicePlan, ServicePlanPrice } from './service-plan.entity';
import { ServicePlanResolver } from './service-plan.resolver';
import { countActiveSubscriptionsOf } from './service-plan.service';
import { servicesConstraintErrors } from './services.errors';
import { ServiceSubscription } from './subscription.entity';
import { CustomerSubscriptionsResolver, ServiceSubscriptionResolver } from './subscription.resolver';

customerDeletionGuards.add(async (ctx, customerId) => {
  const active = await countActiveSubscriptionsOf(ctx, customerId);
  return active > 0 ? `it has ${active} active or suspended service subscription(s): cancel them first` : null;
});

export const servicesModule: AppModule = {
  name: 'services',
  entities: [ServicePlan, ServicePlanPrice, ServiceSubscription],
  resolvers: [ServicePlanResolver, ServiceSubscriptionResolver, CustomerSubscriptionsResolver],
  constraintErrors: servicesConstraintErrors,
};

// What other domains (sales, reporting) may use.
export { ServicePlan } from './service-plan.entity';
export { ServiceSubscription } from './subscription.entity';
export { ServicePlanType, ServiceSubscriptionType } from './services.types';
export { BillingPeriod, ServicePlanStatus, ServiceSubscriptionStatus, ServiceType } from './services.enums';
export { assertPlanAvailable, findServicePlansForSale, getServicePlan } from './service-plan.service';
export { moveSubscription, openSubscription } from './subscription.service';
export { servicePlanById } from './services.loaders';
export { servicePlanDeletionGuards } from './services.hooks';
