import type { RequestContext } from '../../core/context';
import { rowShape } from '../../core/db/rows';
import { Sale, SaleLine } from './sale.entity';
import { nextSaleNumberSql } from './sale-number';
import { EVENT_OF_STATUS, SaleStatus } from './sales.enums';
import { linesBySale } from './sales.loaders';

/** A PENDING sale as `createSale` checked and priced it, its id already taken from the sequence. */
export interface NewSale {
  id: string;
  customerId: string;
  sellerId: string;
  currency: string;
  subtotal: string;
  discount: string;
  tax: string;
  total: string;
  promotionId: string | null;
  expiresAt: Date;
  notes: string | null;
  createdAt: Date;
  lines: NewSaleLine[];
  /** The key this call claimed (see `claimIdempotencyKey`): it now names the sale. */
  idempotencyKey: string | null;
}

export interface NewSaleLine {
  productId: string | null;
  servicePlanId: string | null;
  description: string;
  quantity: number;
  unitPrice: string;
  discount: string;
  taxRate: string;
  tax: string;
  netAmount: string;
  total: string;
}

/**
 * Writes a new PENDING sale in one statement: its invoice number (which locks the counter until
 * commit), the sale, its lines, the first entry of its status history and its SALE_CREATED event
 * (the outbox), and points the claimed idempotency key at it. Other sales wait on the counter
 * only for this statement and the commit, not for a round trip per table.
 *
 * Returns the sale as a managed entity. Its lines, as plain rows (nothing changes them in this
 * request: entities would only cost their unit-of-work bookkeeping), prime the `lines` loader once
 * the transaction commits, so the mutation's answer does not read back what it wrote.
 */
export async function writeSale(ctx: RequestContext, sale: NewSale): Promise<Sale> {
  const numbering = nextSaleNumberSql();
  const saleRow = {
    id: sale.id,
    created_at: sale.createdAt,
    updated_at: sale.createdAt,
    customer_id: sale.customerId,
    seller_id: sale.sellerId,
    status: SaleStatus.PENDING,
    currency: sale.currency,
    subtotal: sale.subtotal,
    discount: sale.discount,
    tax: sale.tax,
    total: sale.total,
    promotion_id: sale.promotionId,
    expires_at: sale.expiresAt,
    notes: sale.notes,
  };
  const lineRows = sale.lines.map((line, i) => ({
    position: i + 1,
    product_id: line.productId,
    service_plan_id: line.servicePlanId,
    description: line.description,
    quantity: line.quantity,
    unit_price: line.unitPrice,
    discount: line.discount,
    tax_rate: line.taxRate,
    tax: line.tax,
    net_amount: line.netAmount,
    total: line.total,
  }));
  const columns = Object.keys(saleRow);
  const written = await ctx.em.execute<(Record<string, unknown> & { sale_number: string })[]>(
    `with numbered as (${numbering.sql}),
     sale as (
       insert into sale (${columns.join(', ')}, number)
       select ${columns.map(() => '?').join(', ')}, number from numbered
       returning id, number, status, created_at, seller_id
     ),
     lines as (
       insert into sale_line (sale_id, ${Object.keys(lineRows[0]).join(', ')})
       select sale.id, l.*
         from sale, json_to_recordset(?::json) as l(position smallint, product_id bigint, service_plan_id bigint, description text, quantity int,
                                                     unit_price numeric, discount numeric, tax_rate numeric, tax numeric, net_amount numeric, total numeric)
        order by l.position
       returning *
     ),
     history as (
       insert into sale_status_change (sale_id, from_status, to_status, changed_at, changed_by_id)
       select id, null, status, created_at, seller_id from sale
     ),
     event as (
       insert into sale_event (type, sale_id, occurred_at) select ?, id, created_at from sale
     )${
       sale.idempotencyKey
         ? `,
     keyed as (
       update sale_idempotency_key set sale_id = (select id from sale) where key = ?
     )`
         : ''
     }
     select lines.*, (select number from sale) as sale_number from lines order by position`,
    [
      ...numbering.params,
      ...Object.values(saleRow),
      JSON.stringify(lineRows),
      EVENT_OF_STATUS[SaleStatus.PENDING],
      ...(sale.idempotencyKey ? [sale.idempotencyKey] : []),
    ],
  );

  const entity = ctx.em.map(Sale, {
    ...saleRow,
    number: written[0].sale_number,
    payment_method: null,
    payment_reference: null,
    paid_at: null,
    cancelled_at: null,
    refunded_at: null,
  });
  const lineShape = rowShape(ctx.em, SaleLine);
  const lines = written.map(({ sale_number: _, ...line }) => lineShape.map(line));
  ctx.afterCommit.push(() => ctx.loaders.forAnswer(linesBySale).prime(entity.id, lines));
  return entity;
}
