import { Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Role } from '../../core/auth/roles';
import type { RequestContext } from '../../core/context';
import type { Row } from '../../core/db/rows';
import { saleById, SaleType, type Sale } from '../sales';
import type { SaleEventRow } from './event-store';
import { cursorOf, listSaleEvents, streamSaleEvents, type SaleEventPage } from './events.service';
import { SaleEventConnection, SaleEventObject, SaleEventsArgs, SaleEventStreamArgs } from './events.types';
import type { Loaded } from '../../core/loaders';

@Resolver(() => SaleEventObject)
export class SaleEventResolver {
  @Authorized(Role.PARTNER)
  @Query(() => SaleEventConnection, {
    name: 'saleEvents',
    description: 'Sale events after a cursor, in commit order: backfill and polling. Partners and admins. A cursor past the retention: BAD_USER_INPUT (detail CURSOR_EXPIRED).',
  })
  saleEventPage(@Ctx() ctx: RequestContext, @Args() args: SaleEventsArgs): Promise<SaleEventPage> {
    return listSaleEvents(ctx, args);
  }

  @Authorized(Role.PARTNER)
  @Subscription(() => SaleEventObject, {
    name: 'saleEvents',
    description: 'Sale events as they commit (over graphql-ws at /graphql). With `after`: every event after it first, in order, then live. Partners and admins.',
    subscribe: ({ args, context }) => streamSaleEvents(context as RequestContext, args as SaleEventStreamArgs),
  })
  saleEventStream(@Root() event: SaleEventRow, @Args() _args: SaleEventStreamArgs): SaleEventRow {
    return event;
  }

  @FieldResolver(() => ID, { description: 'Opaque, ordered cursor: pass it as `after` to resume.' })
  id(@Root() event: SaleEventRow): string {
    return cursorOf(event);
  }

  @FieldResolver(() => SaleType, { description: 'The sale as it is now (partners see only a customer’s id, category, city and region).' })
  sale(@Root() event: SaleEventRow, @Ctx() ctx: RequestContext): Loaded<Row<Sale> | null> {
    return ctx.loaders.get(saleById).loadNow(event.saleId);
  }
}
