import { Arg, Args, Authorized, Ctx, Extensions, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ROW_READS } from '../../core/graphql/answer-selection';
import { Audited } from '../../core/audit/audit-trail';
import { BACK_OFFICE_READERS, Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import type { Connection } from '../../core/pagination';
import type { ServicePlan, ServicePlanPrice } from './service-plan.entity';
import * as planService from './service-plan.service';
import { CreateServicePlanInput, ServicePlansArgs, SubscribersArgs, UpdateServicePlanInput } from './services.inputs';
import { priceHistoryByPlan, subscriberPageByPlan } from './services.loaders';
import { ServicePlanConnection, ServicePlanPriceType, ServicePlanType, ServiceSubscriptionConnection } from './services.types';
import type { ServiceSubscription } from './subscription.entity';
import type { Row } from '../../core/db/rows';
import type { Loaded } from '../../core/loaders';

@Resolver(() => ServicePlanType)
export class ServicePlanResolver {
  @Authorized(...BACK_OFFICE_READERS)
  @Query(() => ServicePlanType, { nullable: true, description: 'Null when no plan has this id.' })
  servicePlan(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Id of the plan.' }) id: string): Promise<Row<ServicePlan> | null> {
    return planService.findServicePlan(ctx, id);
  }

  @Authorized(...BACK_OFFICE_READERS)
  @Query(() => ServicePlanConnection, { description: 'The service plan catalog, a page at a time (back-office staff), by name unless `orderBy` says otherwise.' })
  servicePlans(@Ctx() ctx: RequestContext, @Args() args: ServicePlansArgs): Promise<Connection<Row<ServicePlan>>> {
    return planService.listServicePlans(ctx, args);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ServicePlanType, { description: 'Creates a service plan (admins), ACTIVE unless another status is given (DRAFT to prepare it unseen). A code already used is CONFLICT.' })
  createServicePlan(@Ctx() ctx: RequestContext, @Arg('input', { description: 'The plan’s code, name, type, price and features.' }) input: CreateServicePlanInput): Promise<Row<ServicePlan>> {
    return planService.createServicePlan(ctx, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ServicePlanType, { description: 'A new price goes into `priceHistory`; past subscriptions and sales keep theirs.' })
  updateServicePlan(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Id of the plan.' }) id: string, @Arg('input', { description: 'The fields to change; omitted ones are kept.' }) input: UpdateServicePlanInput): Promise<Row<ServicePlan>> {
    return planService.updateServicePlan(ctx, id, input);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ServicePlanType, { description: 'No longer offered; existing subscriptions keep running. Retiring a retired plan changes nothing.' })
  retireServicePlan(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Id of the plan to retire.' }) id: string): Promise<Row<ServicePlan>> {
    return planService.retireServicePlan(ctx, id);
  }

  @Authorized(Role.ADMIN)
  @Audited({ entityType: 'ServicePlan' })
  @Mutation(() => ID, { description: 'Only a plan never subscribed nor sold (else CONFLICT, detail PLAN_IN_USE: retire it instead).' })
  deleteServicePlan(@Ctx() ctx: RequestContext, @Arg('id', () => ID, { description: 'Id of the plan to delete; returned when deleted.' }) id: string): Promise<string> {
    return planService.deleteServicePlan(ctx, id);
  }

  @FieldResolver(() => [ServicePlanPriceType], { description: 'Every price the plan had, newest first; the first is the current one.' })
  @Extensions({ [ROW_READS]: ['id'] })
  priceHistory(@Root() plan: Row<ServicePlan>, @Ctx() ctx: RequestContext): Loaded<Row<ServicePlanPrice>[]> {
    return ctx.loaders.get(priceHistoryByPlan).loadNow(plan.id);
  }

  @FieldResolver(() => ServiceSubscriptionConnection, { description: 'The customers’ subscriptions to this plan, latest start first.' })
  @Extensions({ [ROW_READS]: ['id'] })
  subscribers(@Root() plan: Row<ServicePlan>, @Ctx() ctx: RequestContext, @Args() { first, after, status }: SubscribersArgs): Promise<Connection<Row<ServiceSubscription>>> {
    return ctx.loaders.get(subscriberPageByPlan(status), { first, after }).load(plan.id);
  }
}
