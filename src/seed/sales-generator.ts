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
  /** Where days, months and shop hours are counted (`BUSINESS_TIME_ZONE`). */
  timeZone?: string;
  /** How long an unpaid sale holds (`SALE_HOLD_HOURS`): only sales younger than that are still PENDING. */
  holdHours?: number;
  /** Sales written per batch of statements (progress is reported after each). */
  batchSize?: number;
  /**
   * For large runs: guarantee the foreign keys of the written rows by construction (the referenced
   * rows locked as they are read) instead of by the per-row triggers, about 40% of the time, where
   * the session may (superuser) and no other trigger would be skipped with them. See `bulkLoadAllowed`.
   */
  bulkLoad?: boolean;
  onProgress?: (written: number, total: number, batch: { sales: number; lines: number; statusChanges: number; subscriptions: number }) => void;
}

/**
 * How much more often than a person a company buys, on average. Each customer's appetite is drawn
 * from an exponential distribution (most buy little, a few more), capped at `MAX_APPETITE` times
 * the average so that nobody buys like a shop, times this for companies.
 */
const COMPANY_APPETITE = 4;
const MAX_APPETITE = 3;

/** Relative sales per calendar month (prima in June and December, Black Friday, the January lull). */
const MONTH_WEIGHT_SQL = `case extract(month from d.day) when 12 then 1.0 when 11 then 0.85 when 6 then 0.85 when 1 then 0.5 else 0.6 end`;
/** Relative sales per weekday (ISO: 1 Monday … 7 Sunday): stores are busiest on Saturday. */
const WEEKDAY_WEIGHT_SQL = `case extract(isodow from d.day) when 6 then 1.25 when 7 then 0.7 when 5 then 1.1 else 1.0 end`;

/**
 * Writes historical sales in bulk, in SQL (generate_series), for the demo seed and for
 * `npm run seed:scale`, in the caller's transaction:
 * - time: each day of the last `monthsBack` months gets its share of `sales` (exactly `sales` in
 *   all) in proportion to the customers who existed then (the base grows), the month (more in
 *   June, November and December) and the weekday, with some noise; most sales in shop hours;
 * - each sale is bought by a customer who already existed that day, in proportion to the
 *   customer's appetite (exponentially spread: most people buy a handful of items a year, a few
 *   much more; companies `COMPANY_APPETITE` times more on average), sold by an active SALES_AGENT
 *   or ADMIN, with 1 to 3 distinct items over the active products and plans (a few of them far
 *   more popular than the rest), a tenth of the lines with a 10% discount; a person takes one unit
 *   of an item (now and then two), a company up to six devices or five lines of a plan;
 * - every status with its dates and history as the app records them (PENDING only within the
 *   hold period; CANCELLED by a seller or by the expired hold; REFUNDED after PAID);
 * - invoice numbers follow the sale number counter (and any number already used), in time order
 *   within the run, ids too.
 * Amounts follow the same rules as `createSale` (per line, rounded half up to cents), so every
 * generated invoice adds up. Paid plan lines open their subscriptions as `paySale` does (one per
 * unit, from the day paid, at the line's price; a refund cancels them), so the units of a plan sold
 * are the subscriptions its sales opened. History import: stock and the event outbox are left as
 * they are. Returns how many sales were written.
 */
export async function generateSales(em: EntityManager, options: SalesGeneration): Promise<number> {
  const { sales, monthsBack, seed, ivaRate, timeZone = 'America/Bogota', holdHours = 48, batchSize = 100_000, bulkLoad = false, onProgress } = options;
  // em.execute runs in the caller's transaction (the temporary tables and rows must be on it).
  const run = <T = Record<string, any>>(sql: string, params: unknown[] = []) => em.execute<T[]>(sql, params);

  await run(`select setseed(?)`, [((seed % 1000) / 1000) * 2 - 1 || 0.5]);
  // The planner misjudges the generated rows; compiling for that costs more than it saves.
  await run(`set local jit = off`);
  await run(`drop table if exists gen_customer, gen_seller, gen_item, gen_day, gen_sale`);
  // In bulk mode the rows sales will point to are locked as they are read (see bulkLoadAllowed).
  const bulk = bulkLoad && (await bulkLoadAllowed(em));
  const lock = bulk ? 'for key share' : '';
  // `cw`: the cumulative appetite of the customers up to k (see the customer pick below).
  await run(
    `create temp table gen_customer as
       select k, id, created_at, company, sum(appetite) over (order by k) as cw from (
         select row_number() over (order by created_at, id)::int as k, id, created_at, kind = 'COMPANY' as company,
                (case when kind = 'COMPANY' then ${COMPANY_APPETITE} else 1 end) * least(${MAX_APPETITE}, -ln(1 - random())) as appetite
           from (select id, created_at, kind from customer ${lock}) c
       ) weighted`,
  );
  await run(`create index on gen_customer (k)`);
  await run(`create index on gen_customer (created_at, k)`);
  await run(`create index on gen_customer (cw)`);
  await run(`create temp table gen_seller as select row_number() over (order by id)::int as k, id from (select id from staff where role in ('SALES_AGENT', 'ADMIN') and active ${lock}) s`);
  await run(
    `create temp table gen_item as
       select row_number() over (order by popularity, id)::int as k, * from (
         select id as product_id, null::bigint as service_plan_id, name || ' (' || sku || ')' as description,
                price_amount as unit_price, case when tax_exempt then 0 else ?::numeric end as tax_rate, hashtext(sku) % 7 as popularity, id
           from (select * from product where status = 'ACTIVE' ${lock}) p
         union all
         select null, id, name || ' (' || code || ')', price_amount, case when tax_exempt then 0 else ?::numeric end, hashtext(code) % 5, id
           from (select * from service_plan where status = 'ACTIVE' ${lock}) sp
       ) items`,
    [ivaRate, ivaRate],
  );
  await run(`analyze gen_customer, gen_seller, gen_item`);
  const [counts] = await run<{ customers: number; sellers: number; items: number }>(
    `select (select count(*) from gen_customer)::int as customers, (select count(*) from gen_seller)::int as sellers, (select count(*) from gen_item)::int as items`,
  );
  if (!counts.customers || !counts.sellers || !counts.items) throw new Error('generating sales needs customers, a seller and active products or plans');

  // The days of the period (in the business time zone), the customers who existed when each began,
  // and how many of the sales fall on it: floor of the cumulative share, so they add up to `sales`.
  await run(
    `create temp table gen_day as
       with days as (
         select day::date as day, day::timestamp at time zone ? as starts
           from generate_series(((now() - ? * interval '1 month') at time zone ?)::date::timestamp, (now() at time zone ?)::date::timestamp, interval '1 day') day
       ),
       weighted as (
         select d.day, d.starts, coalesce(c.k, 0) as upto,
                (coalesce(c.k, 0) * ${MONTH_WEIGHT_SQL} * ${WEEKDAY_WEIGHT_SQL} * (0.85 + 0.3 * random())::numeric(6, 5))::numeric as w
           from days d
           left join lateral (select k from gen_customer where created_at < d.starts order by created_at desc, k desc limit 1) c on true
       ),
       cumulative as (
         select *, sum(w) over (order by day) as upto_w, sum(w) over () as total_w from weighted
       )
       select day, starts, upto, case when total_w = 0 then 0 else (floor(upto_w * ? / total_w) - floor((upto_w - w) * ? / total_w))::int end as sales
         from cumulative`,
    [timeZone, monthsBack, timeZone, timeZone, sales, sales],
  );
  await run(`analyze gen_day`);
  const days = await run<{ day: string; sales: number }>(`select day::text as day, sales from gen_day where sales > 0 order by day`);
  if (sales > 0 && days.length === 0) throw new Error(`generating sales needs customers created before the last ${monthsBack} months end`);

  // Numbers after the counter and after any number already used; the counter row stays locked
  // until the caller commits, like nextSaleNumberSql does, so nobody else takes them meanwhile.
  const [{ start }] = await run<{ start: string }>(
    `with counter as (
       insert into sale_number_counter (prefix, last_value) values ('FV-', 0)
       on conflict (prefix) do update set last_value = sale_number_counter.last_value
       returning last_value
     )
     select greatest((select last_value from counter), (select coalesce(max(substr(number, 4)::bigint), 0) from sale where number ~ '^FV-[0-9]+$'))::text as start`,
  );

  // Per-row foreign-key triggers off: every row written points to a row read (and locked) above.
  if (bulk) await run(`set local session_replication_role = replica`);
  await run(
    `create temp table gen_sale (id bigint, n bigint, created_at timestamptz, updated_at timestamptz, customer_id bigint, seller_id bigint, status text,
                                 payment_method text, paid_at timestamptz, cancelled_at timestamptz, refunded_at timestamptz, expires_at timestamptz, expired boolean,
                                 subtotal numeric(14, 2), discount numeric(14, 2), tax numeric(14, 2),
                                 ${[1, 2, 3].map((j) => `k${j} int, qty${j} int, discount${j} numeric(14, 2), tax${j} numeric(14, 2)`).join(', ')})`,
  );

  let written = 0;
  for (let first = 0; first < days.length; ) {
    // Consecutive days up to about `batchSize` sales: batches, ids and numbers go forward in time.
    let last = first;
    let size = days[first].sales;
    while (last + 1 < days.length && size + days[last + 1].sales <= batchSize) size += days[++last].sales;
    await run(`truncate gen_sale`);
    // One row per sale with its (up to) three lines priced in columns: the sale's amounts are the
    // sums of its lines without an aggregation, and the lines are unfolded from it below.
    await run(
      `with settings as (select ? * interval '1 hour' as hold),
       stamped as (
         select d.upto, date_trunc('milliseconds', case when c.ts < now() then c.ts else d.starts + random() * (now() - d.starts) end) as ts
           from gen_day d
           cross join lateral (
             -- Four in five in shop hours (8:00 to 20:00), the rest (online) at any hour.
             select d.starts + case when random() < 0.8 then interval '8 hours' + random() * interval '12 hours' else random() * interval '1 day' end as ts
               from generate_series(1, d.sales)
           ) c
          where d.day between ?::date and ?::date
       ),
       drafted as (
         select ts, row_number() over (order by ts) as n, upto, random() as customer_roll,
                1 + floor(random() * ?)::int as seller_k,
                random() as fate, random() as pay, random() as delay, now() - ts as age, settings.hold,
                1 + floor(power(random(), 1.8) * 3)::int as wanted,
                ${[1, 2, 3].map((j) => `1 + floor(power(random(), 1.6) * ?)::int as pick${j}, random() as qty_roll${j}, random() < 0.1 as discounted${j}`).join(',\n                ')}
           from stamped cross join settings
       ),
       decided as (
         select d.*, c.id as customer_id, c.company, s.id as seller_id,
                -- Unpaid yet: most sales are paid within minutes, the younger the likelier.
                case when d.age < d.hold and d.fate < 0.4 * (1 - extract(epoch from d.age) / extract(epoch from d.hold)) then 'PENDING'
                     when d.fate < 0.88 or (d.fate >= 0.96 and d.age < interval '2 days') then 'PAID'
                     when d.fate < 0.96 then 'CANCELLED' else 'REFUNDED' end as status,
                -- Distinct items: a repeated pick is dropped (the quantity says how many).
                d.pick1 as k1,
                case when d.wanted >= 2 and d.pick2 <> d.pick1 then d.pick2 end as k2,
                case when d.wanted >= 3 and d.pick3 <> d.pick1 and d.pick3 <> d.pick2 then d.pick3 end as k3
           from drafted d
           -- A customer who existed that day, with a chance proportional to their appetite: the
           -- first whose cumulative appetite reaches a random share of that day's total.
           join gen_customer tot on tot.k = d.upto
           cross join lateral (select g.id, g.company from gen_customer g where g.cw >= d.customer_roll * tot.cw order by g.cw limit 1) c
           join gen_seller s on s.k = d.seller_k
       ),
       priced as (
         select d.*, ${[1, 2, 3].map((j) => `q${j}.qty as qty${j}, a${j}.discount as discount${j}, round((i${j}.unit_price * q${j}.qty - a${j}.discount) * i${j}.tax_rate, 2) as tax${j}, i${j}.unit_price * q${j}.qty as gross${j}`).join(',\n                ')}
           from decided d
           ${[1, 2, 3].map((j) => lineSql(j)).join('\n           ')}
       ),
       dated as (
         select p.*,
                case when status in ('PAID', 'REFUNDED') then date_trunc('milliseconds', ts + least((1 + delay * 29) * interval '1 minute', age / 4)) end as paid_at,
                -- A third of the cancellations of sales older than the hold are holds that expired unpaid;
                -- the others were cancelled by the seller within the hold.
                case when status = 'CANCELLED' then
                  case when pay < 0.33 and age > hold then ts + hold else date_trunc('milliseconds', ts + least((0.05 + delay * 0.9) * hold, age / 2)) end
                end as cancelled_at,
                status = 'CANCELLED' and pay < 0.33 and age > hold as expired,
                case when status = 'REFUNDED' then date_trunc('milliseconds', ts + least((1 + delay * 29) * interval '1 day', age / 2)) end as refunded_at
           from priced p
       )
       insert into gen_sale
       select nextval(pg_get_serial_sequence('sale', 'id')), ? + n, ts, coalesce(refunded_at, cancelled_at, paid_at, ts), customer_id, seller_id, status,
              case when status in ('PAID', 'REFUNDED') then case when pay < 0.4 then 'CARD' when pay < 0.65 then 'CASH' when pay < 0.9 then 'TRANSFER' else 'FINANCING' end end,
              paid_at, cancelled_at, refunded_at, case when status = 'PENDING' then ts + hold end, expired,
              gross1 + coalesce(gross2, 0) + coalesce(gross3, 0), discount1 + coalesce(discount2, 0) + coalesce(discount3, 0), tax1 + coalesce(tax2, 0) + coalesce(tax3, 0),
              ${[1, 2, 3].map((j) => `k${j}, qty${j}, discount${j}, tax${j}`).join(', ')}
         from (select * from dated order by n) ordered`,
      [holdHours, days[first].day, days[last].day, counts.sellers, counts.items, counts.items, counts.items, Number(start) + written],
    );
    await run(
      `insert into sale (id, created_at, updated_at, number, customer_id, seller_id, status, currency, subtotal, discount, tax, total,
                         payment_method, paid_at, cancelled_at, refunded_at, expires_at)
       select id, created_at, updated_at, 'FV-' || case when n < 1000000 then lpad(n::text, 6, '0') else n::text end,
              customer_id, seller_id, status, 'COP', subtotal, discount, tax, subtotal - discount + tax,
              payment_method, paid_at, cancelled_at, refunded_at, expires_at
         from gen_sale order by id`,
    );
    const [{ lines }] = await run<{ lines: number }>(
      `with inserted as (
         insert into sale_line (sale_id, position, product_id, service_plan_id, description, quantity, unit_price, discount, tax_rate, tax, net_amount, total)
         select s.id, l.position, i.product_id, i.service_plan_id, i.description, l.qty, i.unit_price, l.discount, i.tax_rate, l.tax,
                i.unit_price * l.qty - l.discount, i.unit_price * l.qty - l.discount + l.tax
           from gen_sale s
           cross join lateral (values (1, s.k1, s.qty1, s.discount1, s.tax1),
                                      (2, s.k2, s.qty2, s.discount2, s.tax2),
                                      (case when s.k2 is null then 2 else 3 end, s.k3, s.qty3, s.discount3, s.tax3)) l(position, k, qty, discount, tax)
           join gen_item i on i.k = l.k
          order by s.id, l.position
         returning 1
       )
       select count(*)::int as lines from inserted`,
    );
    const [{ changes }] = await run<{ changes: number }>(
      `with inserted as (
         insert into sale_status_change (sale_id, from_status, to_status, changed_at, changed_by_id, reason)
         select id, from_status, to_status, changed_at, changed_by_id, reason
           from gen_sale s
           cross join lateral (values
             (1, null, 'PENDING', s.created_at, s.seller_id, null),
             (2, 'PENDING', case when s.status = 'REFUNDED' then 'PAID' else s.status end, coalesce(s.paid_at, s.cancelled_at),
                 case when s.expired then null else s.seller_id end,
                 case when s.expired then 'Not paid within ' || ? || ' hours: cancelled automatically and its stock released'
                      when s.status = 'CANCELLED' then 'The customer changed their mind' end),
             (3, 'PAID', 'REFUNDED', s.refunded_at, s.seller_id, 'Returned within the retracto period')
           ) c(step, from_status, to_status, changed_at, changed_by_id, reason)
          where c.changed_at is not null
          order by s.id, c.step
         returning 1
       )
       select count(*)::int as changes from inserted`,
      [holdHours],
    );
    // What paySale does for a plan line: one ACTIVE subscription per unit, from the local day paid,
    // at the line's price, at the customer's INSTALLATION address; a refund cancelled them.
    const [{ subscriptions }] = await run<{ subscriptions: number }>(
      `with inserted as (
         insert into service_subscription (created_at, updated_at, customer_id, service_plan_id, status, start_date, end_date, price_amount, price_currency, installation_address, sale_id)
         select s.paid_at, coalesce(s.refunded_at, s.paid_at), s.customer_id, l.service_plan_id,
                case when s.status = 'REFUNDED' then 'CANCELLED' else 'ACTIVE' end,
                (s.paid_at at time zone ?)::date, case when s.status = 'REFUNDED' then (s.refunded_at at time zone ?)::date end,
                l.unit_price, 'COP', (select a from jsonb_array_elements(c.addresses) a where a->>'kind' = 'INSTALLATION' limit 1), s.id
           from gen_sale s
           join sale_line l on l.sale_id = s.id and l.service_plan_id is not null
           join customer c on c.id = s.customer_id
           cross join generate_series(1, l.quantity)
          where s.status in ('PAID', 'REFUNDED')
          order by s.id, l.position
         returning 1
       )
       select count(*)::int as subscriptions from inserted`,
      [timeZone, timeZone],
    );
    written += size;
    onProgress?.(written, sales, { sales: size, lines, statusChanges: changes, subscriptions });
    first = last + 1;
  }
  if (bulk) await run(`set local session_replication_role = origin`);
  await run(`update sale_number_counter set last_value = ? where prefix = 'FV-'`, [Number(start) + written]);
  await run(`drop table if exists gen_customer, gen_seller, gen_item, gen_day, gen_sale`);
  return written;
}

/**
 * One line slot (1 to 3) of a sale row: its item, quantity and discount. A person buys one unit
 * (a phone for a relative now and then: two); a company 1 to 6 devices or 1 to 5 lines of a plan,
 * mostly few.
 */
function lineSql(j: number): string {
  return `${j === 1 ? 'join' : 'left join'} gen_item i${j} on i${j}.k = d.k${j}
           cross join lateral (
             select case when d.k${j} is null then null
                         when d.company then 1 + floor(power(d.qty_roll${j}, 2) * case when i${j}.product_id is not null then 6 else 5 end)::int
                         when i${j}.product_id is not null then case when d.qty_roll${j} < 0.93 then 1 else 2 end
                         else case when d.qty_roll${j} < 0.96 then 1 else 2 end end as qty
           ) q${j}
           cross join lateral (select case when d.discounted${j} then round(i${j}.unit_price * q${j}.qty * 0.10, 2) else 0 end as discount) a${j}`;
}

/** The tables written in bulk. */
const WRITTEN_TABLES = ['sale', 'sale_line', 'sale_status_change', 'service_subscription'];

/**
 * Whether this transaction may skip the per-row foreign-key triggers of the sales tables
 * (`session_replication_role = replica`, as `pg_restore --disable-triggers` does): when the
 * session is a superuser and those tables have no trigger of their own (a rollup maintained on
 * write, say) that would be skipped too. What the triggers do is then done by construction: every
 * customer, seller, product and plan a generated row points to was read, and locked FOR KEY SHARE
 * (nobody deletes it before commit), by the statements that built the temporary tables; the sale
 * a line or status change points to is written in the same batch.
 */
async function bulkLoadAllowed(em: EntityManager): Promise<boolean> {
  const [{ allowed }] = await em.execute<{ allowed: boolean }[]>(
    `select current_setting('is_superuser') = 'on'
            and not exists (select 1 from pg_trigger where tgrelid = any(?::regclass[]) and not tgisinternal) as allowed`,
    [`{${WRITTEN_TABLES.join(',')}}`],
  );
  return allowed;
}
