import type { EntityManager } from '@mikro-orm/postgresql';
import { queryRows } from '../../core/db/rows';
import type { SaleEventType } from '../sales';
import type { EventPosition } from './event-cursor';

/** One row of the outbox as the stream hands it on. */
export interface SaleEventRow extends EventPosition {
  type: SaleEventType;
  saleId: string;
  occurredAt: Date;
}

/**
 * Commit order: an event is readable only once every transaction older than its own has ended
 * (`xid < xmin` of the reader's snapshot), so the readable events always form a prefix of the
 * (xid, id) order: a reader that has passed (xid, id) will never see an event appear before it.
 * A plain id order would not do: id 11 can commit while id 10 is still in flight.
 */
const READABLE = 'e."xid" < pg_snapshot_xmin(pg_current_snapshot())';

const EVENTS_AFTER = `select e."id"::text as "id", e."type", e."sale_id"::text as "sale_id", e."xid"::text as "xid",
  (extract(epoch from e."occurred_at") * 1000)::float8 as "occurred_ms"
  from "sale_event" e
  where ${READABLE} and (e."xid", e."id") > ($1::xid8, $2::bigint) and ($3::text[] is null or e."type" = any($3::text[]))
  order by e."xid", e."id" limit $4`;

const LAST_READABLE = `select e."xid"::text as "xid", e."id"::text as "id" from "sale_event" e where ${READABLE} order by e."xid" desc, e."id" desc limit 1`;

/** Up to `limit` readable events after `position`, in commit order; `types` null: every type. */
export async function readEventsAfter(em: EntityManager, position: EventPosition, types: readonly SaleEventType[] | null, limit: number): Promise<SaleEventRow[]> {
  const rows = await queryRows(em, EVENTS_AFTER, [position.xid, position.id, types && types.length ? types : null, limit]);
  return rows.map((row) => ({
    id: row.id as string,
    xid: row.xid as string,
    type: row.type as SaleEventType,
    saleId: row.sale_id as string,
    occurredAt: new Date(Math.round(row.occurred_ms as number)),
  }));
}

/** The position of the last readable event (or the start): "now" for a subscriber without a cursor. */
export async function lastReadablePosition(em: EntityManager): Promise<EventPosition> {
  const [row] = await queryRows(em, LAST_READABLE, []);
  return row ? { xid: row.xid as string, id: row.id as string } : { xid: '0', id: '0' };
}

/** Deletes the events that occurred before `before`, at most `limit` at a time; returns how many. */
export async function deleteEventsBefore(em: EntityManager, before: Date, limit: number): Promise<number> {
  const rows = await em.execute<{ id: string }[]>(
    'delete from "sale_event" where "id" in (select "id" from "sale_event" where "occurred_at" < ? limit ?) returning "id"',
    [before, limit],
  );
  return rows.length;
}
