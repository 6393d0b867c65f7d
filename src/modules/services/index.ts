import type { AppModule } from '../../core/module';
import { CUSTOMER_DELETION_GUARDS } from '../users';
import { ServicePlan, ServicePlanPrice } from './service-plan.entity';
import { ServicePlanResolver } from './service-plan.resolver';
import { countActiveSubscriptionsOf } from './service-plan.service';
import { servicesConstraintErrors } from './services.errors';
import { servicePlanById } from './services.loaders';
import { ServiceSubscription } from './subscription.entity';
import { CustomerSubscriptionsResolver, ServiceSubscriptionResolver } from './subscription.resolver';

export const servicesModule: AppModule = {
  name: 'services',
  install(app) {
    app.entities(ServicePlan, ServicePlanPrice, ServiceSubscription);
    app.resolvers(ServicePlanResolver, ServiceSubscriptionResolver, CustomerSubscriptionsResolver);
    app.constraintErrors(servicesConstraintErrors);
    app.entityType('ServicePlan', servicePlanById);
    app.hook(CUSTOMER_DELETION_GUARDS, async (ctx, customerId) => {
      const active = await countActiveSubscriptionsOf(ctx, customerId);
      return active > 0 ? `it has ${active} active or suspended service subscription(s): cancel them first` : null;
    });
  },
};

// What other domains (sales, reporting) may use.
export { ServicePlan } from './service-plan.entity';
export { ServiceSubscription } from './subscription.entity';
export { ServicePlanType, ServiceSubscriptionType } from './services.types';
export { BillingPeriod, ServicePlanStatus, ServiceSubscriptionStatus, ServiceType } from './services.enums';
export { assertPlanAvailable, findServicePlansForSale, getServicePlan } from './service-plan.service';
export { moveSubscription, openSubscription } from './subscription.service';
export { servicePlanById } from './services.loaders';
export { SERVICE_PLAN_DELETION_GUARDS } from './services.hooks';
