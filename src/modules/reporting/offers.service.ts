import DataLoader from 'dataloader';
import type { RequestContext } from '../../core/context';
import { isWellFormedId } from '../../core/ids';
import type { LoaderFactory } from '../../core/loaders';
import { todayIn } from '../../core/time';
import { OfferKind } from './reporting.enums';
import { DEFAULT_OFFERS_LIMIT } from './reporting.inputs';
import type { Offer } from './reporting.types';
import { humanise } from './labels';
import { run, Sql, type Statement } from './report-sql';

/**
 * Personalised offers: what to offer one customer, best first, each with a score (0 to 1) and a
 * reason an agent can read out.
 *
 * **Candidates.** Every offered item the customer does not own: ACTIVE products in stock and
 * ACTIVE plans within their validity dates, minus the products they bought in a PAID sale and the
 * plans they bought or hold (an ACTIVE or SUSPENDED subscription). Their own data is read live,
 * so a purchase, a new subscription, a move or a new category changes the offers at once.
 *
 * **Co-ownership (customers who own X also own Y).** From the rollup `reporting_item_pair`
 * (rebuilt with the other rollups): for each item X the customer owns and each candidate Y, how
 * many of X's owners also own Y — among customers of the same billing region, and among all
 * customers — as a share shrunk for small groups: both / (owners of X + `SHRINK`), so that "2 of
 * 2" weighs less than "300 of 400". Same-region evidence counts in full, national evidence at
 * 80%: `co(Y)` = the best of these over the customer's items.
 *
 * **Segment popularity.** From `reporting_segment_item`: the share of customers of the same
 * region and category (or of the same category anywhere, when the region has fewer than
 * `MIN_SEGMENT` of them) who own Y: `seg(Y)`. It also gives new customers, who own nothing yet,
 * something to start from.
 *
 * **Score** of an item = 0.7 × co(Y) + 0.3 × seg(Y); items with neither signal are left out.
 * The reason names the stronger of the two terms ("Customers in Antioquia with Fibra 300 also
 * bought Router Wi-Fi 6 (42% of 120)", "35% of LOYAL customers in Antioquia have TV Total").
 *
 * **Promotions** the customer can use now (active, within dates, for their category and region
 * when it restricts them, not used up overall or by them) that cover at least one candidate:
 * score = min(1, best covered candidate's score + 0.2 × discount share (percent, or amount over
 * that item's price) + 0.1 when the promotion is restricted to a group the customer belongs to),
 * with the reason "LOYAL customers get 15% off Mobile postpaid plans (e.g. Postpago 40 GB): code LEALES15".
 */
const SHRINK = 2;
const MIN_SEGMENT = 20;
const CO_WEIGHT = 0.7;
const SEGMENT_WEIGHT = 0.3;
const NATIONAL_DISCOUNT = 0.8;

/**
 * The offers of several customers (a page of customers asks for them together), `limit` each,
 * in one statement: every part is per customer (`customer_id`).
 */
export function offersStatement(customerIds: readonly string[], limit: number, timeZone: string, now = new Date()): Statement {
  const sql = new Sql();
  const customers = sql.list(customerIds);
  const today = sql.p(todayIn(timeZone, now));
  const at = sql.p(now);
  const text = `with c as (select id, billing_region, category from customer where id in ${customers}),
owned as (
  select distinct customer_id, kind, item_id from (
    select s.customer_id, case when l.product_id is not null then 'PRODUCT' else 'SERVICE_PLAN' end as kind, coalesce(l.product_id, l.service_plan_id) as item_id
      from sale s join sale_line l on l.sale_id = s.id where s.customer_id in ${customers} and s.status = 'PAID'
    union all
    select customer_id, 'SERVICE_PLAN', service_plan_id from service_subscription where customer_id in ${customers} and status in ('ACTIVE', 'SUSPENDED')) o),
offered as (
  select 'PRODUCT' as kind, p.id as item_id, p.name, p.category_id, null::text as service_type, p.price_amount as price
    from product p where p.status = 'ACTIVE' and p.stock > 0
  union all
  select 'SERVICE_PLAN', sp.id, sp.name, null::bigint, sp.type, sp.price_amount
    from service_plan sp where sp.status = 'ACTIVE' and (sp.valid_from is null or sp.valid_from <= ${today}::date) and (sp.valid_until is null or sp.valid_until >= ${today}::date)),
fresh as (
  select c.id as customer_id, k.* from c cross join offered k
   where not exists (select 1 from owned o where o.customer_id = c.id and o.kind = k.kind and o.item_id = k.item_id)),
evidence as (
  select distinct on (o.customer_id, pr.b_kind, pr.b_id) o.customer_id, pr.b_kind, pr.b_id, pr.region, pr.a_kind, pr.a_id, pr.customers, pr.a_customers,
         pr.customers::float8 / (pr.a_customers + ${SHRINK}) * (case when pr.region = '' then ${NATIONAL_DISCOUNT} else 1 end) as co
    from owned o
    join c on c.id = o.customer_id
    -- The customer's region, and '' (every region): each a lookup by the pair table's key.
    cross join lateral (values (c.billing_region), ('')) scope(region)
    join reporting_item_pair pr on pr.region = scope.region and pr.a_kind = o.kind and pr.a_id = o.item_id
   order by o.customer_id, pr.b_kind, pr.b_id, co desc, pr.customers desc, pr.a_id),
segment as (
  select c.id as customer_id, c.category,
         case when coalesce((select max(s.segment_customers) from reporting_segment_item s where s.region = c.billing_region and s.category = c.category), 0) >= ${MIN_SEGMENT}
              then c.billing_region else '' end as region
    from c),
popularity as (
  select g.customer_id, si.item_kind, si.item_id, si.customers::float8 / si.segment_customers as share
    from segment g join reporting_segment_item si on si.region = g.region and si.category = g.category),
scored as (
  select f.*, coalesce(e.co, 0) as co, coalesce(pop.share, 0) as seg,
         ${CO_WEIGHT} * coalesce(e.co, 0) + ${SEGMENT_WEIGHT} * coalesce(pop.share, 0) as score,
         e.region as co_region, e.customers as co_customers, e.a_customers, e.a_kind,
         coalesce(ap.name, asp.name) as a_name
    from fresh f
    left join evidence e on e.customer_id = f.customer_id and e.b_kind = f.kind and e.b_id = f.item_id
    left join popularity pop on pop.customer_id = f.customer_id and pop.item_kind = f.kind and pop.item_id = f.item_id
    left join product ap on e.a_kind = 'PRODUCT' and ap.id = e.a_id
    left join service_plan asp on e.a_kind = 'SERVICE_PLAN' and asp.id = e.a_id),
promos as (
  select c.id as customer_id, pm.*,
         cardinality(pm.customer_categories) > 0 or cardinality(pm.regions) > 0 as targeted,
         cardinality(pm.product_ids) + cardinality(pm.service_plan_ids) + cardinality(pm.product_category_ids) + cardinality(pm.service_types) = 0 as whole_sale
    from promotion pm cross join c
   where pm.active and (pm.valid_from is null or pm.valid_from <= ${at}) and (pm.valid_to is null or pm.valid_to > ${at})
     and (cardinality(pm.customer_categories) = 0 or c.category = any(pm.customer_categories))
     and (cardinality(pm.regions) = 0 or lower(c.billing_region) in (select lower(r) from unnest(pm.regions) r))
     and (pm.usage_limit is null or pm.used_count < pm.usage_limit)
     and (pm.per_customer_limit is null
          or (select count(*) from promotion_redemption x where x.promotion_id = pm.id and x.customer_id = c.id) < pm.per_customer_limit)),
promo_offers as (
  select distinct on (pm.customer_id, pm.id) pm.customer_id, pm.id as promotion_id, pm.code, pm.percent_off, pm.amount_off::text as amount_off,
         pm.customer_categories, pm.regions, pm.service_types, pm.whole_sale, s.name as best_name,
         least(1, s.score
                  + 0.2 * coalesce(pm.percent_off / 100.0, least(1, pm.amount_off / nullif(s.price, 0)), 0)
                  + case when pm.targeted then 0.1 else 0 end) as score
    from promos pm
    join scored s on s.customer_id = pm.customer_id
                 and (pm.whole_sale
                      or (s.kind = 'PRODUCT' and (s.item_id::text = any(pm.product_ids) or s.category_id::text = any(pm.product_category_ids)))
                      or (s.kind = 'SERVICE_PLAN' and (s.item_id::text = any(pm.service_plan_ids) or s.service_type = any(pm.service_types))))
   where s.score > 0 or pm.targeted
   order by pm.customer_id, pm.id, s.score desc, s.item_id),
offers as (
  select s.customer_id, s.kind, s.item_id::text as item_id, null::text as promotion_id, round(s.score::numeric, 4)::float8 as score, s.name,
         s.co, s.seg, s.co_region, s.co_customers, s.a_customers, s.a_kind, s.a_name, g.region as segment_region, g.category as segment_category,
         null::text as code, null::int as percent_off, null::text as amount_off, null::text[] as customer_categories, null::text[] as regions,
         null::text[] as service_types, null::boolean as whole_sale, null::text as best_name
    from scored s join segment g on g.customer_id = s.customer_id
   where s.score > 0
  union all
  select p.customer_id, 'PROMOTION', null, p.promotion_id::text, round(p.score::numeric, 4)::float8, null,
         null, null, null, null, null, null, null, null, null,
         p.code, p.percent_off, p.amount_off, p.customer_categories, p.regions, p.service_types, p.whole_sale, p.best_name
    from promo_offers p),
ranked as (
  select offers.*, row_number() over (partition by customer_id order by score desc, kind, coalesce(item_id, promotion_id)::bigint) as position from offers)
select * from ranked where position <= ${sql.p(limit)} order by customer_id, position`;
  return sql.statement(text);
}

interface OfferRow {
  customer_id: string;
  kind: 'PRODUCT' | 'SERVICE_PLAN' | 'PROMOTION';
  item_id: string | null;
  promotion_id: string | null;
  score: number;
  name: string | null;
  co: number | null;
  seg: number | null;
  co_region: string | null;
  co_customers: number | null;
  a_customers: number | null;
  a_kind: string | null;
  a_name: string | null;
  segment_region: string | null;
  segment_category: string | null;
  code: string | null;
  percent_off: number | null;
  amount_off: string | null;
  customer_categories: string[] | null;
  regions: string[] | null;
  service_types: string[] | null;
  whole_sale: boolean | null;
  best_name: string | null;
}

/**
 * `Customer.recommendedOffers` for every customer of a request at once (one loader per `limit`):
 * one statement per batch, not one per customer.
 */
export const offersByCustomer: LoaderFactory<string, Offer[], { limit: number; timeZone: string }> = ({ em, services }, { limit, timeZone }) =>
  new DataLoader<string, Offer[]>(async (customerIds) => {
    const wellFormed = customerIds.filter(isWellFormedId);
    const rows = wellFormed.length ? await run<OfferRow>({ em, services }, offersStatement(wellFormed, limit, timeZone)) : [];
    const byCustomer = new Map<string, Offer[]>(customerIds.map((id) => [id, []]));
    for (const row of rows) byCustomer.get(String(row.customer_id))?.push(toOffer(row));
    return customerIds.map((id) => byCustomer.get(id)!);
  });

export function recommendedOffers(ctx: RequestContext, customerId: string, limit: number | null | undefined): Promise<Offer[]> {
  return ctx.loaders.get(offersByCustomer, { limit: limit ?? DEFAULT_OFFERS_LIMIT, timeZone: ctx.config.businessTimeZone }).load(customerId);
}

function toOffer(row: OfferRow): Offer {
  return {
    kind: row.kind as OfferKind,
    productId: row.kind === 'PRODUCT' ? row.item_id : null,
    servicePlanId: row.kind === 'SERVICE_PLAN' ? row.item_id : null,
    promotionId: row.promotion_id,
    score: row.score,
    reason: row.kind === 'PROMOTION' ? promotionReason(row) : itemReason(row),
  };
}

const percent = (share: number) => `${Math.round(share * 100)}%`;
const owns = (kind: string | null) => (kind === 'SERVICE_PLAN' ? 'have' : 'bought');

function itemReason(row: OfferRow): string {
  const co = CO_WEIGHT * (row.co ?? 0);
  const seg = SEGMENT_WEIGHT * (row.seg ?? 0);
  if (co >= seg && row.a_name) {
    const share = (row.co_customers ?? 0) / (row.a_customers ?? 1);
    const who = row.co_region ? `Customers in ${row.co_region}` : 'Customers';
    const with_ = row.a_kind === 'SERVICE_PLAN' ? `with ${row.a_name}` : `who bought ${row.a_name}`;
    return `${who} ${with_} also ${owns(row.kind)} ${row.name} (${percent(share)} of ${row.a_customers})`;
  }
  const where = row.segment_region ? ` in ${row.segment_region}` : '';
  return `${percent(row.seg ?? 0)} of ${row.segment_category} customers${where} ${owns(row.kind)} ${row.name}`;
}

const pesos = new Intl.NumberFormat('es-CO', { maximumFractionDigits: 2 });

function promotionReason(row: OfferRow): string {
  const categories = row.customer_categories ?? [];
  const regions = row.regions ?? [];
  const group = categories.length ? `${categories.join(' and ')} customers` : 'Customers';
  const who = regions.length ? `${group} in ${regions.join(' and ')}` : categories.length ? group : 'Everyone';
  const discount = row.percent_off != null ? `${row.percent_off}%` : `$${pesos.format(Number(row.amount_off))}`;
  let what: string;
  if (row.whole_sale) what = `any purchase (e.g. ${row.best_name})`;
  else if (row.service_types?.length) what = `${row.service_types.map(humanise).join(' and ')} plans (e.g. ${row.best_name})`;
  else what = `${row.best_name}`;
  return `${who} get${who === 'Everyone' ? 's' : ''} ${discount} off ${what}: code ${row.code}`;
}
