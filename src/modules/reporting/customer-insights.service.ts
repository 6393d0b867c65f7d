import type { RequestContext } from '../../core/context';
import { NotFoundError } from '../../core/errors';
import { isWellFormedId } from '../../core/ids';
import { cop } from '../../core/money';
import type { ServiceType } from '../services';
import type { CustomerCategory } from '../users';
import { run, Sql, tzLiteral, type Statement } from './report-sql';
import type { CountByKey, CustomerInsights } from './reporting.types';

const INTERACTION_TYPES = ['INQUIRY', 'COMPLAINT', 'SUGGESTION'];

/**
 * One statement over one customer's rows (each part through an index on the customer):
 * PAID sales (revenue = Σ net amount of their lines), subscriptions, interactions and the
 * latest category change. Months and tenure are counted in the business time zone.
 */
export function customerInsightsStatement(customerId: string, timeZone: string): Statement {
  const sql = new Sql();
  const tz = tzLiteral(timeZone);
  const id = sql.p(customerId);
  const text = `with c as (select * from customer where id = ${id}),
paid as (select s.id, s.created_at, sum(l.net_amount) as revenue
           from sale s join sale_line l on l.sale_id = s.id
          where s.customer_id = ${id} and s.status = 'PAID' group by s.id, s.created_at),
months as (select generate_series(date_trunc('month', now() at time zone ${tz}) - interval '11 months', date_trunc('month', now() at time zone ${tz}), interval '1 month') as month),
types as (select t.type, sum(t.weight) as weight from (
            select sp.type, count(*) as weight from service_subscription ss join service_plan sp on sp.id = ss.service_plan_id
             where ss.customer_id = ${id} and ss.status in ('ACTIVE', 'SUSPENDED') group by 1
            union all
            select sp.type, sum(l.quantity) from sale s join sale_line l on l.sale_id = s.id join service_plan sp on sp.id = l.service_plan_id
             where s.customer_id = ${id} and s.status = 'PAID' group by 1) t group by 1)
select c.id, c.category,
       ((now() at time zone ${tz})::date - (c.created_at at time zone ${tz})::date) as tenure_days,
       (select coalesce(sum(revenue), 0)::text from paid) as total_spent,
       (select count(*)::int from paid) as sales_count,
       (select max(created_at) from paid) as last_purchase_at,
       (select count(*)::int from service_subscription where customer_id = c.id and status = 'ACTIVE') as active_subscriptions,
       (select coalesce(json_agg(type order by weight desc, type), '[]'::json) from types) as service_types,
       (select coalesce(json_agg(json_build_object('key', k.type, 'count', coalesce(i.n, 0)) order by k.ord), '[]'::json)
          from unnest(${sql.array(INTERACTION_TYPES)}::text[]) with ordinality k(type, ord)
          left join (select type, count(*)::int as n from interaction where customer_id = c.id group by type) i on i.type = k.type) as interactions,
       (select coalesce(json_agg(json_build_object('key', x.name, 'count', x.units) order by x.units desc, x.name), '[]'::json)
          from (select pc.name, sum(l.quantity)::int as units from sale s join sale_line l on l.sale_id = s.id join product p on p.id = l.product_id
                  join product_category pc on pc.id = p.category_id where s.customer_id = c.id and s.status = 'PAID' group by pc.name) x) as product_categories,
       (select coalesce(json_agg(json_build_object('month', to_char(m.month, 'YYYY-MM'), 'spent', coalesce(x.spent, 0)::text, 'salesCount', coalesce(x.n, 0)) order by m.month), '[]'::json)
          from months m left join (select date_trunc('month', created_at at time zone ${tz}) as month, sum(revenue) as spent, count(*)::int as n from paid group by 1) x
            on x.month = m.month) as spend_by_month,
       (select reason from customer_category_change where customer_id = c.id order by changed_at desc, id desc limit 1) as category_reason
  from c`;
  return sql.statement(text);
}

export async function customerInsights(ctx: RequestContext, customerId: string): Promise<CustomerInsights> {
  const [row] = isWellFormedId(customerId)
    ? await run<{
        id: string;
        category: CustomerCategory;
        tenure_days: number;
        total_spent: string;
        sales_count: number;
        last_purchase_at: Date | null;
        active_subscriptions: number;
        service_types: ServiceType[];
        interactions: CountByKey[];
        product_categories: CountByKey[];
        spend_by_month: { month: string; spent: string; salesCount: number }[];
        category_reason: string | null;
      }>(ctx, customerInsightsStatement(customerId, ctx.config.businessTimeZone))
    : [];
  if (!row) throw new NotFoundError('Customer', customerId, 'customerId');
  return {
    customerId: String(row.id),
    category: row.category,
    categoryReason: row.category_reason ?? 'Every customer starts as NEW',
    tenureDays: row.tenure_days,
    totalSpent: cop(row.total_spent),
    salesCount: row.sales_count,
    lastPurchaseAt: row.last_purchase_at ? new Date(row.last_purchase_at) : null,
    activeSubscriptions: row.active_subscriptions,
    favouriteServiceTypes: row.service_types,
    interactionsByType: row.interactions,
    favouriteProductCategories: row.product_categories,
    spendByMonth: row.spend_by_month.map((month) => ({ month: month.month, spent: cop(month.spent), salesCount: month.salesCount })),
  };
}
