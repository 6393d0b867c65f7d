import type { EntityManager } from '@mikro-orm/postgresql';

export interface SalesGeneration {
  /** How many sales to write. */
  sales: number;
  /** Spread over this many months back from now. */
  monthsBack: number;
  /** Seeds PostgreSQL's random(): the same data on every run. */
  seed: number;
  /** IVA rate for non-exempt items, e.g. "0.19". */
  ivaRate: string;
  /** Sales written per statement batch (progress is reported after each). */
  batchSize?: number;
  onProgress?: (written: number, total: number) => void;
}

/**
 * Writes historical sales in bulk, in SQL (generate_series), for the demo seed and for
 * `npm run seed:scale`: 1 to 3 lines per sale over the active products and plans (a few of them
 * far more popular than the rest), customers from every region, more sales in June, November and
 * December, every status (PENDING only within the hold period), a tenth of the lines with a 10%
 * discount. Amounts follow the same rules as `createSale` (per line, rounded half up to cents),
 * so every generated invoice adds up. History import: stock and subscriptions are left as they are.
 */
export async function generateSales(em: EntityManager, options: SalesGeneration): Promise<number> {
  const { sales, monthsBack, seed, ivaRate, batchSize = 50_000, onProgress } = options;
  // em.execute runs in the caller's transaction (the temporary tables and rows must be on it).
  const run = (sql: string, params: unknown[] = []) => em.execute(sql, params);

  await run(`select setseed(?)`, [((seed % 1000) / 1000) * 2 - 1 || 0.5]);
  await run(`drop table if exists gen_customer, gen_seller, gen_item`);
  await run(`create temp table gen_customer as select row_number() over (order by id) as k, id from customer`);
  await run(`create temp table gen_seller as select row_number() over (order by id) as k, id from staff where role in ('SALES_AGENT', 'ADMIN') and active`);
  await run(
    `create temp table gen_item as
       select row_number() over (order by popularity, id) as k, * from (
         select id as product_id, null::bigint as service_plan_id, name || ' (' || sku || ')' as description,
                price_amount as unit_price, case when tax_exempt then 0 else ?::numeric end as tax_rate, hashtext(sku) % 7 as popularity, id
           from product where status = 'ACTIVE'
         union all
         select null, id, name || ' (' || code || ')', price_amount, case when tax_exempt then 0 else ?::numeric end, hashtext(code) % 5, id
           from service_plan where status = 'ACTIVE'
       ) items`,
    [ivaRate, ivaRate],
  );
  const [counts] = await run(
    `select (select count(*) from gen_customer)::int as customers, (select count(*) from gen_seller)::int as sellers, (select count(*) from gen_item)::int as items`,
  );
  if (!counts.customers || !counts.sellers || !counts.items) throw new Error('generating sales needs customers, a seller and active products or plans');
  const [{ last_value: start }] = await run(
    `insert into sale_number_counter (prefix, last_value) values ('FV-', 0) on conflict (prefix) do update set last_value = sale_number_counter.last_value returning last_value::bigint as last_value`,
  );

  let written = 0;
  while (written < sales) {
    const size = Math.min(batchSize, sales - written);
    const [{ last_id: lastId }] = await run(`select coalesce(max(id), 0)::text as last_id from sale`);
    await run(
      `with stamps as (
         select ts from (
           -- Milliseconds, like timestamps written from JS: cursors carry them exactly.
           select date_trunc('milliseconds', now() - random() * (? * interval '1 month')) as ts from generate_series(1, ? * 2)
         ) candidates
         where random() < case extract(month from ts at time zone 'America/Bogota') when 12 then 1.0 when 11 then 0.85 when 6 then 0.85 else 0.6 end
         limit ?
       ),
       drafted as (
         select ts, row_number() over (order by ts) as n,
                1 + floor(random() * ?)::int as customer_k, 1 + floor(random() * ?)::int as seller_k, random() as fate, random() as pay
           from stamps
       )
       insert into sale (id, created_at, updated_at, number, customer_id, seller_id, status, currency, subtotal, discount, tax, total,
                         payment_method, paid_at, cancelled_at, refunded_at, expires_at)
       select nextval(pg_get_serial_sequence('sale', 'id')), d.ts, d.ts, 'FV-' || lpad((? + d.n)::text, 6, '0'), c.id, s.id, st.status, 'COP', 0, 0, 0, 0,
              case when st.status in ('PAID', 'REFUNDED') then (array['CASH', 'CARD', 'TRANSFER', 'FINANCING'])[1 + floor(d.pay * 4)::int] end,
              case when st.status in ('PAID', 'REFUNDED') then d.ts + interval '7 minutes' end,
              case when st.status = 'CANCELLED' then d.ts + interval '1 day' end,
              case when st.status = 'REFUNDED' then d.ts + interval '12 days' end,
              case when st.status = 'PENDING' then d.ts + interval '48 hours' end
         from drafted d
         join gen_customer c on c.k = d.customer_k
         join gen_seller s on s.k = d.seller_k
         cross join lateral (
           select case when d.ts > now() - interval '48 hours' and d.fate < 0.5 then 'PENDING'
                       when d.fate < 0.88 then 'PAID' when d.fate < 0.96 then 'CANCELLED' else 'REFUNDED' end as status
         ) st`,
      [monthsBack, size, size, counts.customers, counts.sellers, Number(start) + written],
    );
    await run(
      `with new_sales as (select id from sale where id > ?),
       slots as (
         select s.id as sale_id, p as position, 1 + floor(power(random(), 2.2) * ?)::int as item_k,
                case when random() < 0.75 then 1 else 2 + floor(random() * 3)::int end as quantity, random() < 0.1 as discounted
           from new_sales s cross join lateral generate_series(1, 1 + floor(random() * 2.6)::int + 0 * s.id) p
       ),
       priced as (
         select sl.*, i.product_id, i.service_plan_id, i.description, i.unit_price, i.tax_rate,
                round(i.unit_price * sl.quantity, 2) as gross,
                case when sl.discounted then round(i.unit_price * sl.quantity * 0.10, 2) else 0 end as discount
           from slots sl join gen_item i on i.k = sl.item_k
       )
       insert into sale_line (sale_id, position, product_id, service_plan_id, description, quantity, unit_price, discount, tax_rate, tax, net_amount, total)
       select sale_id, position, product_id, service_plan_id, description, quantity, unit_price, discount, tax_rate,
              round((gross - discount) * tax_rate, 2), gross - discount, gross - discount + round((gross - discount) * tax_rate, 2)
         from priced`,
      [lastId, counts.items],
    );
    await run(
      `update sale s set subtotal = t.subtotal, discount = t.discount, tax = t.tax, total = t.subtotal - t.discount + t.tax
         from (select l.sale_id, sum(l.unit_price * l.quantity) as subtotal, sum(l.discount) as discount, sum(l.tax) as tax
                 from sale_line l where l.sale_id > ? group by l.sale_id) t
        where s.id = t.sale_id`,
      [lastId],
    );
    await run(
      `insert into sale_status_change (sale_id, from_status, to_status, changed_at, changed_by_id, reason)
       select id, null, 'PENDING', created_at, seller_id, null from sale where id > ?
       union all
       select id, 'PENDING', case when status = 'REFUNDED' then 'PAID' else status end, coalesce(paid_at, cancelled_at), seller_id,
              case when status = 'CANCELLED' then 'Customer changed their mind' end
         from sale where status <> 'PENDING' and id > ?
       union all
       select id, 'PAID', 'REFUNDED', refunded_at, seller_id, 'Returned within the warranty period' from sale where status = 'REFUNDED' and id > ?`,
      [lastId, lastId, lastId],
    );
    written += size;
    onProgress?.(written, sales);
  }
  await run(`update sale_number_counter set last_value = ? where prefix = 'FV-'`, [Number(start) + sales]);
  await run(`drop table if exists gen_customer, gen_seller, gen_item`);
  return written;
}
