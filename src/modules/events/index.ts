import type { AppModule } from '../../core/module';
import { EVENT_HUB, EventHub } from './event-hub';
import { deleteEventsBefore } from './event-store';
import { SaleEventResolver } from './events.resolver';

const RETENTION_DELETE_LIMIT = 10_000;

/** The partner sale-event stream: reads the sales domain's outbox (`sale_event`), writes nothing but its retention. */
export const eventsModule: AppModule = {
  name: 'events',
  install(app) {
    app.resolvers(SaleEventResolver);
    app.backgroundJob({
      name: 'sale-event-retention',
      intervalSeconds: (config) => config.events.retentionSweepMinutes * 60,
      run: (ctx) => deleteEventsBefore(ctx.em, new Date(Date.now() - ctx.config.events.retentionDays * 24 * 3600 * 1000), RETENTION_DELETE_LIMIT),
    });
    app.startServices(async ({ orm, config, logger, databaseUrl, services }) => {
      const hub = new EventHub({
        orm,
        databaseUrl,
        logger: logger.child({ component: 'events' }),
        pollMs: config.events.pollMs,
        subscriberBuffer: config.events.subscriberBuffer,
      });
      await hub.start();
      services.provide(EVENT_HUB, hub);
      return () => hub.stop();
    });
  },
};

export { EVENT_HUB, LISTENER_APPLICATION_NAME } from './event-hub';
export { SLOW_CONSUMER_CLOSE_CODE } from './events.service';
