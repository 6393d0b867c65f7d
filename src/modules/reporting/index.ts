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
import { initOrm } from '../../core/db/orm';
import { REPORT_READS } from './report-sql';
import { reportCsvs } from './report-csv';
import { refreshRollupsIfDue, vacuumRollups } from './rollups.service';

/**
 * Reports and personalised offers, read-only over the other domains (it writes only its own
 * rollups). Nothing imports this module.
 */
export const reportingModule: AppModule = {
  name: 'reporting',
  install(app) {
    app.entities(
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
    );
    app.resolvers(
      ReportingResolver,
      PopularServicePlanResolver,
      PopularProductResolver,
      BuyerResolver,
      TopCustomerResolver,
      CustomerInsightsResolver,
      OfferResolver,
      CustomerOffersResolver,
    );
    app.csvReports(...reportCsvs);
    app.backgroundJob({
      name: 'refresh-reporting-rollups',
      // Checks every minute; rebuilds when the last refresh is older than REPORTING_REFRESH_MINUTES (never when 0).
      intervalSeconds: () => 60,
      run: (ctx) => refreshRollupsIfDue(ctx),
      // A refresh deletes and rewrites rows: their old space is reusable only after a VACUUM, and
      // autovacuum may be off (it is on this project's test machines); without it the tables grow
      // by their whole size at every FULL refresh.
      afterCommit: (em) => vacuumRollups(em),
    });
    // REPORTING_DATABASE_URL (a read replica): the reports' statements read there; the rollups
    // are still refreshed on the primary (the replica receives them by replication).
    app.startServices(async ({ orm, config, logger, services }) => {
      if (!config.reportingDatabaseUrl) return async () => {};
      const replica = await initOrm({ clientUrl: config.reportingDatabaseUrl, entities: orm.config.get('entities') as never[], logger: logger.child({ component: 'reporting-replica' }) });
      services.provide(REPORT_READS, replica);
      logger.info('reports read from REPORTING_DATABASE_URL');
      return () => replica.close(true);
    });
  },
};
