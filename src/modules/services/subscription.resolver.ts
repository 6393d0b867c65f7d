import { Arg, Authorized, Ctx, Extensions, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { ROW_READS } from '../../core/graphql/answer-selection';
import { BACK_OFFICE_READERS, Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import { customerById, CustomerType, type Customer } from '../users';
import type { ServicePlan } from './service-plan.entity';
import { ServiceSubscriptionStatus } from './services.enums';
import { SubscribeCustomerInput } from './services.inputs';
import { servicePlanById, subscriptionsByCustomer } from './services.loaders';
import { ServicePlanType, ServiceSubscriptionType } from './services.types';
import type { ServiceSubscription } from './subscription.entity';
import * as subscriptionService from './subscription.service';
import type { Row } from '../../core/db/rows';
import type { Loaded } from '../../core/loaders';

@Resolver(() => ServiceSubscriptionType)
export class ServiceSubscriptionResolver {
  @Authorized(Role.SALES_AGENT)
  @Mutation(() => ServiceSubscriptionType, { description: 'A DRAFT or RETIRED plan, or one outside its validity dates, is BAD_USER_INPUT (detail PLAN_NOT_AVAILABLE).' })
  subscribeCustomer(@Ctx() ctx: RequestContext, @Arg('input', { description: 'The customer, the plan and where it is installed.' }) input: SubscribeCustomerInput): Promise<Row<ServiceSubscription>> {
    return subscriptionService.subscribeCustomer(ctx, input);
  }

  @Authorized(Role.SALES_AGENT)
  @Mutation(() => ServiceSubscriptionType, {
    description: 'ACTIVE ↔ SUSPENDED, either → CANCELLED (final; sets the end date). Any other move is BAD_USER_INPUT (detail INVALID_TRANSITION).',
  })
  changeSubscriptionStatus(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'Id of the subscription.' }) id: string,
    @Arg('status', () => ServiceSubscriptionStatus, { description: 'The new status: ACTIVE, SUSPENDED or CANCELLED (final).' }) status: ServiceSubscriptionStatus,
  ): Promise<Row<ServiceSubscription>> {
    return subscriptionService.changeSubscriptionStatus(ctx, id, status);
  }

  @FieldResolver(() => CustomerType, { description: 'The subscribed customer.' })
  @Extensions({ [ROW_READS]: ['customer'] })
  customer(@Root() subscription: Row<ServiceSubscription>, @Ctx() ctx: RequestContext): Loaded<Row<Customer> | null> {
    return ctx.loaders.get(customerById).loadNow(subscription.customer.id);
  }

  @FieldResolver(() => ServicePlanType, { description: 'The plan subscribed to.' })
  @Extensions({ [ROW_READS]: ['servicePlan'] })
  servicePlan(@Root() subscription: Row<ServiceSubscription>, @Ctx() ctx: RequestContext): Loaded<Row<ServicePlan> | null> {
    return ctx.loaders.forAnswer(servicePlanById).loadNow(subscription.servicePlan.id);
  }
}

/** `Customer.subscriptions`, added to the users domain's type from here. */
@Resolver(() => CustomerType)
export class CustomerSubscriptionsResolver {
  @Authorized(...BACK_OFFICE_READERS)
  @FieldResolver(() => [ServiceSubscriptionType], { description: 'Every service the customer holds or held, latest start first.' })
  @Extensions({ [ROW_READS]: ['id'] })
  subscriptions(@Root() customer: Row<Customer>, @Ctx() ctx: RequestContext): Loaded<Row<ServiceSubscription>[]> {
    return ctx.loaders.forAnswer(subscriptionsByCustomer).loadNow(customer.id);
  }
}
