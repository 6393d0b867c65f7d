import { ArrayMaxSize, IsOptional, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { DateRange } from '../../core/graphql/date-range';
import { ConnectionArgs, SortDirection } from '../../core/pagination';
import { ServiceType } from '../services';
import { SaleStatus } from '../sales';
import { CustomerCategory } from '../users';
import { PopularityMeasure, SalesDimension, SalesMeasure, TopCustomerMeasure } from './reporting.enums';
import { MAX_REPORT_LIMIT } from './report-sql';

const MAX_FILTER_VALUES = 200;
const DEFAULT_RANKING_LIMIT = 10;
export const DEFAULT_SALES_REPORT_LIMIT = 100;
export const DEFAULT_OFFERS_LIMIT = 5;
export const MAX_OFFERS_LIMIT = 50;

/** `limit`: how many rows; BAD_USER_INPUT outside 1 to 1000. */
function Limit(defaultValue: number): PropertyDecorator {
  return (target, key) => {
    Field(() => Int, { nullable: true, description: `How many rows, ${defaultValue} when omitted, at most ${MAX_REPORT_LIMIT}.` })(target, key);
    IsOptional()(target, key as string);
    Min(1)(target, key as string);
    Max(MAX_REPORT_LIMIT)(target, key as string);
  };
}

@ArgsType()
export class PopularServicesArgs {
  @Field(() => DateRange, { nullable: true, description: 'When the sales were made; all time when omitted.' })
  range?: DateRange | null;

  @Limit(DEFAULT_RANKING_LIMIT)
  limit?: number | null;

  @Field(() => PopularityMeasure, { nullable: true, description: 'UNITS when omitted.' })
  by?: PopularityMeasure | null;
}

@ArgsType()
export class PopularProductsArgs {
  @Field(() => DateRange, { nullable: true, description: 'When the sales were made; all time when omitted.' })
  range?: DateRange | null;

  @Limit(DEFAULT_RANKING_LIMIT)
  limit?: number | null;
}

@ArgsType()
export class BuyersOfProductArgs extends ConnectionArgs {
  @Field(() => ID, { description: 'Id of the product; an unknown id gives an empty list.' })
  productId!: string;

  @Field(() => DateRange, { nullable: true, description: 'When the sales were made; all time when omitted.' })
  range?: DateRange | null;
}

@ArgsType()
export class BuyersOfServicePlanArgs extends ConnectionArgs {
  @Field(() => ID, { description: 'Id of the plan; an unknown id gives an empty list.' })
  servicePlanId!: string;

  @Field(() => DateRange, { nullable: true, description: 'When the sales were made; all time when omitted.' })
  range?: DateRange | null;
}

@ArgsType()
export class TopCustomersArgs {
  @Field(() => DateRange, { nullable: true, description: 'When the sales were made; all time when omitted.' })
  range?: DateRange | null;

  @Field(() => TopCustomerMeasure, { nullable: true, description: 'REVENUE when omitted.' })
  by?: TopCustomerMeasure | null;

  @Limit(DEFAULT_RANKING_LIMIT)
  limit?: number | null;
}

@InputType({
  description:
    'Which sales and lines `salesReport` adds up; every field narrows (they combine with AND), a list matches any of its values, and an omitted or empty list does not filter. ' +
    'Sale-level filters (createdAt, statuses, regions, cities, customerCategories, sellerIds) keep or drop whole sales. Line-level filters (productIds, brandIds, ' +
    'productCategoryIds for product lines; servicePlanIds, serviceTypes for plan lines) keep only the matching lines of each sale: units, revenue and discounts are ' +
    'those lines’ own, salesCount counts the sales having at least one. Product filters and plan filters cannot be combined (no line is both): BAD_USER_INPUT.',
})
export class SalesReportFilter {
  @Field(() => DateRange, { nullable: true, description: 'When the sale was created: `from` included, `to` excluded.' })
  createdAt?: DateRange | null;

  @Field(() => [SaleStatus], { nullable: true, description: 'Defaults to [PAID].' })
  statuses?: SaleStatus[] | null;

  @Field(() => [String], { nullable: true, description: 'Regions (departments) of the customer’s billing address, any letter case.' })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @MaxLength(100, { each: true })
  regions?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Cities of the customer’s billing address, any letter case.' })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  @MaxLength(100, { each: true })
  cities?: string[] | null;

  @Field(() => [CustomerCategory], { nullable: true, description: 'The customer’s current category.' })
  customerCategories?: CustomerCategory[] | null;

  @Field(() => [ID], { nullable: true, description: 'Line-level: lines of these products.' })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  productIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Line-level: lines of products of these brands.' })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  brandIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Line-level: lines of products of these categories.' })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  productCategoryIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Line-level: lines of these service plans.' })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  servicePlanIds?: string[] | null;

  @Field(() => [ServiceType], { nullable: true, description: 'Line-level: lines of plans of these types.' })
  serviceTypes?: ServiceType[] | null;

  @Field(() => [ID], { nullable: true, description: 'The staff members who registered the sales.' })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES)
  sellerIds?: string[] | null;
}

@InputType({ description: 'How to sort `salesReport` rows: by one measure; ties by the keys.' })
export class SalesReportOrder {
  @Field(() => SalesMeasure, { description: 'The measure to sort by (it need not be selected).' })
  measure!: SalesMeasure;

  @Field(() => SortDirection, { nullable: true, description: 'DESC when omitted.' })
  direction?: SortDirection | null;
}

@ArgsType()
export class SalesReportArgs {
  @Field(() => SalesReportFilter, { nullable: true, description: 'PAID sales of all time when omitted.' })
  @ValidateNested()
  filter?: SalesReportFilter | null;

  @Field(() => [SalesDimension], { description: 'The row keys, in this order; empty: one row with the totals.' })
  @ArrayMaxSize(Object.keys(SalesDimension).length)
  groupBy!: SalesDimension[];

  @Limit(DEFAULT_SALES_REPORT_LIMIT)
  limit?: number | null;

  @Field(() => SalesReportOrder, {
    nullable: true,
    description: 'Rows by this measure (ties by their keys); by their keys ascending, in `groupBy` order, when omitted.',
  })
  orderBy?: SalesReportOrder | null;
}

@ArgsType()
export class RecommendedOffersArgs {
  @Field(() => Int, { nullable: true, description: `How many offers, ${DEFAULT_OFFERS_LIMIT} when omitted, at most ${MAX_OFFERS_LIMIT}.` })
  @IsOptional()
  @Min(1)
  @Max(MAX_OFFERS_LIMIT)
  limit?: number | null;
}
