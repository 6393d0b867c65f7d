import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Info, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { BACK_OFFICE_READERS, Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import { REPORT_COST } from '../../core/graphql/cost';
import { DateTimeISO } from '../../core/graphql/scalars';
import type { Connection } from '../../core/pagination';
import { productById, ProductType, type Product } from '../catalog';
import { promotionById, PromotionType, type Promotion } from '../sales';
import { servicePlanById, ServicePlanType, type ServicePlan } from '../services';
import { customerById, CustomerType, type Customer } from '../users';
import { catalogSummary } from './catalog-summary.service';
import { customerInsights } from './customer-insights.service';
import { recommendedOffers } from './offers.service';
import { buyersOf, popularProducts, popularServices, topCustomers } from './rankings.service';
import {
  BuyersOfProductArgs,
  BuyersOfServicePlanArgs,
  PopularProductsArgs,
  PopularServicesArgs,
  RecommendedOffersArgs,
  SalesReportArgs,
  TopCustomersArgs,
} from './reporting.inputs';
import {
  Buyer,
  BuyerConnection,
  CatalogSummary,
  CustomerInsights,
  Offer,
  PopularProduct,
  PopularServicePlan,
  SalesReportRow,
  TopCustomer,
} from './reporting.types';
import { RefreshMode } from './reporting.enums';
import { lastRefresh, refreshRollups } from './rollups.service';
import { measuresOfFields, salesReport } from './sales-report.service';
import { selectedFields } from './selection';
import type { Row } from '../../core/db/rows';
import type { Loaded } from '../../core/loaders';

/** Reports read every sale: analysts (and admins). Sales agents get only a customer's insights and offers. */
const REPORT_READERS = [Role.ANALYST];

@ObjectType('ReportingFreshness', {
  description:
    'The rollups behind the reports: refreshed every REPORTING_REFRESH_MINUTES (INCREMENTAL, FULL every REPORTING_FULL_REFRESH_HOURS) and by refreshReportingRollups. ' +
    'Reports read sales created from `coveredUntil` on directly, so new sales, payments and cancellations show at once; refunds of older sales show after the next refresh, ' +
    'customers’ moves and category changes after the next FULL one.',
})
class ReportingFreshness {
  @Field(() => RefreshMode, { description: 'What the last refresh did.' })
  mode!: RefreshMode;

  @Field(() => DateTimeISO, { description: 'UTC instant the last refresh (FULL or INCREMENTAL) finished.' })
  refreshedAt!: Date;

  @Field(() => DateTimeISO, { description: 'The last FULL refresh: customers’ moves and category changes made before it show in every report.' })
  fullRefreshedAt!: Date;

  @Field(() => DateTimeISO, { description: 'The rollups hold the sales created before this instant (a few minutes before the refresh started, so that sales still being written then are not missed), except those PENDING then.' })
  coveredUntil!: Date;

  @Field(() => Int, { description: 'How long the last refresh took, in milliseconds.' })
  durationMs!: number;

  @Field(() => Int, { description: 'Sales (re)computed by the last refresh: all of them for a FULL one, those of the days it rebuilt for an INCREMENTAL one.' })
  salesRolledUp!: number;
}

@Resolver()
export class ReportingResolver {
  @Authorized(...REPORT_READERS)
  @Query(() => CatalogSummary, { complexity: REPORT_COST, description: 'Counts of the catalog now: products and plans, offered and in all, per brand, category and service type (admins and analysts).' })
  catalogSummary(@Ctx() ctx: RequestContext): Promise<CatalogSummary> {
    return catalogSummary(ctx);
  }

  @Authorized(...REPORT_READERS)
  @Query(() => [PopularServicePlan], { complexity: REPORT_COST, description: 'Service plans ranked by `by` (UNITS when omitted) over PAID sales of the range; ties by plan id.' })
  popularServices(@Ctx() ctx: RequestContext, @Args() args: PopularServicesArgs, @Info() info: GraphQLResolveInfo): Promise<PopularServicePlan[]> {
    return popularServices(ctx, args, selectedFields(info));
  }

  @Authorized(...REPORT_READERS)
  @Query(() => [PopularProduct], { complexity: REPORT_COST, description: 'Products ranked by units over PAID sales of the range; ties by product id.' })
  popularProducts(@Ctx() ctx: RequestContext, @Args() args: PopularProductsArgs, @Info() info: GraphQLResolveInfo): Promise<PopularProduct[]> {
    return popularProducts(ctx, args, selectedFields(info));
  }

  @Authorized(...REPORT_READERS)
  @Query(() => BuyerConnection, { complexity: REPORT_COST, description: 'Customers who bought the product in PAID sales of the range: most units first, then most revenue.' })
  buyersOfProduct(@Ctx() ctx: RequestContext, @Args() { productId, ...args }: BuyersOfProductArgs): Promise<Connection<Buyer>> {
    return buyersOf(ctx, 'product', productId, args);
  }

  @Authorized(...REPORT_READERS)
  @Query(() => BuyerConnection, { complexity: REPORT_COST, description: 'Customers who bought the plan in PAID sales of the range: most units first, then most revenue.' })
  buyersOfServicePlan(@Ctx() ctx: RequestContext, @Args() { servicePlanId, ...args }: BuyersOfServicePlanArgs): Promise<Connection<Buyer>> {
    return buyersOf(ctx, 'plan', servicePlanId, args);
  }

  @Authorized(...REPORT_READERS)
  @Query(() => [TopCustomer], { complexity: REPORT_COST, description: 'Customers ranked by `by` (REVENUE when omitted) over their PAID sales of the range; ties: the newest customer first.' })
  topCustomers(@Ctx() ctx: RequestContext, @Args() args: TopCustomersArgs): Promise<TopCustomer[]> {
    return topCustomers(ctx, args);
  }

  @Authorized(...REPORT_READERS)
  @Query(() => [SalesReportRow], {
    complexity: REPORT_COST,
    description:
      'The sales cube: one row per combination of the `groupBy` keys (one total row when empty), PAID sales unless `filter.statuses` says otherwise. ' +
      'Sale-level dimensions and filters (time, region, city, customer category, seller, status, payment method) take or leave whole sales; line-level ones ' +
      '(product, brand, product category, service plan, service type) take only the matching lines: their units, revenue and discounts, and the sales that have ' +
      'them. Only the measures selected are computed. Duplicated dimensions, or product ones with service-plan ones, are BAD_USER_INPUT.',
  })
  salesReport(@Ctx() ctx: RequestContext, @Args() args: SalesReportArgs, @Info() info: GraphQLResolveInfo): Promise<SalesReportRow[]> {
    return salesReport(ctx, args, measuresOfFields(selectedFields(info)));
  }

  @Authorized(...BACK_OFFICE_READERS)
  @Query(() => CustomerInsights, { complexity: REPORT_COST, description: 'NOT_FOUND when no customer has this id.' })
  customerInsights(@Ctx() ctx: RequestContext, @Arg('customerId', () => ID, { description: 'Id of the customer.' }) customerId: string): Promise<CustomerInsights> {
    return customerInsights(ctx, customerId);
  }

  @Authorized(...REPORT_READERS)
  @Query(() => ReportingFreshness, { nullable: true, description: 'Null until the rollups are built the first time (reports then read the sales tables only).' })
  reportingFreshness(@Ctx() ctx: RequestContext): Promise<ReportingFreshness | null> {
    return lastRefresh(ctx);
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ReportingFreshness, {
    nullable: true,
    description:
      'Refreshes the reporting rollups now: FULL by default (about a minute and a half on a million sales), INCREMENTAL for the days changed since the last refresh. ' +
      'Reports keep answering meanwhile. Null when another refresh was running.',
  })
  refreshReportingRollups(
    @Ctx() ctx: RequestContext,
    @Arg('mode', () => RefreshMode, { defaultValue: RefreshMode.FULL, description: 'INCREMENTAL (the days whose sales changed) when omitted, or FULL (everything).' }) mode: RefreshMode,
  ): Promise<ReportingFreshness | null> {
    return refreshRollups(ctx, mode);
  }
}

@Resolver(() => PopularServicePlan)
export class PopularServicePlanResolver {
  @FieldResolver(() => ServicePlanType, { description: 'The plan ranked.' })
  servicePlan(@Root() row: PopularServicePlan, @Ctx() ctx: RequestContext): Loaded<Row<ServicePlan> | null> {
    return ctx.loaders.get(servicePlanById).loadNow(row.servicePlanId);
  }
}

@Resolver(() => PopularProduct)
export class PopularProductResolver {
  @FieldResolver(() => ProductType, { description: 'The product ranked.' })
  product(@Root() row: PopularProduct, @Ctx() ctx: RequestContext): Loaded<Row<Product> | null> {
    return ctx.loaders.get(productById).loadNow(row.productId);
  }
}

@Resolver(() => Buyer)
export class BuyerResolver {
  @FieldResolver(() => CustomerType, { description: 'The customer who bought, as the viewer may see them (partners see no personal fields).' })
  customer(@Root() row: Buyer, @Ctx() ctx: RequestContext): Loaded<Row<Customer> | null> {
    return ctx.loaders.get(customerById).loadNow(row.customerId);
  }
}

@Resolver(() => TopCustomer)
export class TopCustomerResolver {
  @FieldResolver(() => CustomerType, { description: 'The customer ranked (partners see no personal fields).' })
  customer(@Root() row: TopCustomer, @Ctx() ctx: RequestContext): Loaded<Row<Customer> | null> {
    return ctx.loaders.get(customerById).loadNow(row.customerId);
  }
}

@Resolver(() => CustomerInsights)
export class CustomerInsightsResolver {
  @FieldResolver(() => CustomerType, { description: 'The customer these figures are about.' })
  customer(@Root() row: CustomerInsights, @Ctx() ctx: RequestContext): Loaded<Row<Customer> | null> {
    return ctx.loaders.get(customerById).loadNow(row.customerId);
  }
}

@Resolver(() => Offer)
export class OfferResolver {
  @FieldResolver(() => ServicePlanType, { nullable: true, description: 'For kind SERVICE_PLAN.' })
  servicePlan(@Root() offer: Offer, @Ctx() ctx: RequestContext): Loaded<Row<ServicePlan> | null> {
    return offer.servicePlanId ? ctx.loaders.get(servicePlanById).loadNow(offer.servicePlanId) : null;
  }

  @FieldResolver(() => ProductType, { nullable: true, description: 'For kind PRODUCT.' })
  product(@Root() offer: Offer, @Ctx() ctx: RequestContext): Loaded<Row<Product> | null> {
    return offer.productId ? ctx.loaders.get(productById).loadNow(offer.productId) : null;
  }

  @FieldResolver(() => PromotionType, { nullable: true, description: 'For kind PROMOTION: the code to give at the sale.' })
  promotion(@Root() offer: Offer, @Ctx() ctx: RequestContext): Loaded<Row<Promotion> | null> {
    return offer.promotionId ? ctx.loaders.get(promotionById).loadNow(offer.promotionId) : null;
  }
}

/** `Customer.recommendedOffers`, added to the users domain's type from here. */
@Resolver(() => CustomerType)
export class CustomerOffersResolver {
  @Authorized(...BACK_OFFICE_READERS)
  @FieldResolver(() => [Offer], {
    description:
      'Plans, products and promotions to offer this customer, best first, with a score (0 to 1) and a reason: from what the customer owns, their region and category, ' +
      'and what customers who own the same things also own (see the README, “Personalised offers”).',
  })
  recommendedOffers(@Root() customer: Row<Customer>, @Ctx() ctx: RequestContext, @Args() { limit }: RecommendedOffersArgs): Promise<Offer[]> {
    return recommendedOffers(ctx, customer.id, limit);
  }
}
