import type { RequestContext } from '../../core/context';
import { DEFAULT_PAGE_SIZE } from '../../core/pagination';
import { encodeCursor, resumePosition, START } from './event-cursor';
import { EVENT_HUB } from './event-hub';
import { readEventsAfter, type SaleEventRow } from './event-store';
import type { SaleEventEdge, SaleEventsArgs, SaleEventStreamArgs } from './events.types';

export interface SaleEventPage {
  edges: (Omit<SaleEventEdge, 'node'> & { node: SaleEventRow })[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export function cursorOf(event: SaleEventRow): string {
  return encodeCursor(event, event.occurredAt);
}

/** A page of events after `after` in commit order: for backfill and polling. */
export async function listSaleEvents(ctx: RequestContext, { after, first, types }: SaleEventsArgs): Promise<SaleEventPage> {
  const from = after ? resumePosition(after, ctx.config.events.retentionDays) : START;
  const size = first ?? DEFAULT_PAGE_SIZE;
  const rows = size === 0 ? [] : await readEventsAfter(ctx.em, from, types ?? null, size + 1);
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: !!after,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? after ?? null,
    },
  };
}

/**
 * The live stream of one subscription. Each event's execution reads its sale through the loaders
 * of the batch it came in (shared by every subscriber of the instance): the subscription's context
 * is reused for each of its events, one at a time, so pointing it at them before each is enough.
 */
export async function streamSaleEvents(ctx: RequestContext, { after, types }: SaleEventStreamArgs): Promise<AsyncIterableIterator<SaleEventRow>> {
  const from = after ? resumePosition(after, ctx.config.events.retentionDays) : null;
  return ctx.services.get(EVENT_HUB).subscribe(from, types ?? null, {
    beforeDeliver: (delivery) => {
      ctx.loaders = delivery.loaders;
    },
    onOverflow: () => ctx.connection?.close(SLOW_CONSUMER_CLOSE_CODE, 'Slow consumer: resume from your last cursor'),
  });
}

/** WebSocket close code for a subscriber whose buffer filled up (documented in the README). */
export const SLOW_CONSUMER_CLOSE_CODE = 4410;
