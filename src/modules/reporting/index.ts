import type { AppModule } from '../../core/module';
import {
  CustomerDayRollup,
  CustomerItemDayRollup,
  CustomerItemRollup,
  CustomerPlace,
  CustomerTotalRollup,
  ItemPairRollup,
  ItemPeriodRollup,
  ItemPlacePeriodRollup,
  ItemTotalRollup,
  PendingSaleRollup,
  ReportingRefresh,
  SalesPeriodRollup,
  SegmentItemRollup,
} from './rollup.entities';
import {
  BuyerResolver,
  CustomerInsightsResolver,
  CustomerOffersResolver,
  OfferResolver,
  PopularProductResolver,
  PopularServicePlanResolver,
  ReportingResolver,
  TopCustomerResolver,
} from './reporting.resolver';
import { reportCsvs } from './report-csv';
import { refreshRollupsIfDue, vacuumRollups } from './rollups.service';

/**
 * Reports and personalised offers, read-only over the other domains (it writes only its own
 * rollups). Nothing imports this module.
 */
export const reportingModule: AppModule = {
  name: 'reporting',
  entities: [
    ReportingRefresh,
    PendingSaleRollup,
    SalesPeriodRollup,
    ItemPeriodRollup,
    ItemPlacePeriodRollup,
    CustomerItemDayRollup,
    CustomerItemRollup,
    CustomerPlace,
    ItemTotalRollup,
    CustomerDayRollup,
    CustomerTotalRollup,
    ItemPairRollup,
    SegmentItemRollup,
  ],
  resolvers: [
    ReportingResolver,
    PopularServicePlanResolver,
    PopularProductResolver,
    BuyerResolver,
    TopCustomerResolver,
    CustomerInsightsResolver,
    OfferResolver,
    CustomerOffersResolver,
  ],
  csvReports: reportCsvs,
  backgroundJobs: [
    {
      name: 'refresh-reporting-rollups',
      // Checks every minute; rebuilds when the last refresh is older than REPORTING_REFRESH_MINUTES (never when 0).
      intervalSeconds: () => 60,
      run: (ctx) => refreshRollupsIfDue(ctx),
      // A refresh deletes and rewrites rows: their old space is reusable only after a VACUUM, and
      // autovacuum may be off (it is on this project's test machines); without it the tables grow
      // by their whole size at every FULL refresh.
      afterCommit: (em) => vacuumRollups(em),
    },
  ],
};
