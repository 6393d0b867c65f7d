import type { RequestContext } from '../../core/context';
import { todayIn } from '../../core/time';
import { ServiceType } from '../services';
import { run, Sql, type Statement } from './report-sql';
import type { CatalogSummary, CountByKey } from './reporting.types';

/**
 * One statement over the catalog tables. Offered: an ACTIVE product; an ACTIVE plan whose
 * validity dates (business calendar) include today. Every category, brand and service type is
 * listed, with 0 when none of its items is offered.
 */
export function catalogSummaryStatement(timeZone: string, now = new Date()): Statement {
  const sql = new Sql();
  const today = todayIn(timeZone, now);
  const offeredPlan = () => `sp.status = 'ACTIVE' and (sp.valid_from is null or sp.valid_from <= ${sql.p(today)}::date) and (sp.valid_until is null or sp.valid_until >= ${sql.p(today)}::date)`;
  const countList = (inner: string) => `(select coalesce(json_agg(json_build_object('key', x.key, 'count', x.count) order by x.count desc, x.key), '[]'::json) from (${inner}) x)`;
  const text = `select
  (select count(*)::int from product) as product_count,
  (select count(*)::int from product where status = 'ACTIVE') as active_product_count,
  (select count(*)::int from service_plan) as service_plan_count,
  (select count(*)::int from service_plan sp where ${offeredPlan()}) as active_service_plan_count,
  ${countList(`select pc.name as key, count(p.id)::int as count from product_category pc left join product p on p.category_id = pc.id and p.status = 'ACTIVE' group by pc.id, pc.name`)} as by_category,
  ${countList(`select b.name as key, count(p.id)::int as count from brand b left join product p on p.brand_id = b.id and p.status = 'ACTIVE' group by b.id, b.name`)} as by_brand,
  ${countList(`select t.type as key, count(sp.id)::int as count from unnest(${sql.array(Object.values(ServiceType))}::text[]) t(type) left join service_plan sp on sp.type = t.type and ${offeredPlan()} group by t.type`)} as by_type`;
  return sql.statement(text);
}

export async function catalogSummary(ctx: RequestContext): Promise<CatalogSummary> {
  const [row] = await run<{
    product_count: number;
    active_product_count: number;
    service_plan_count: number;
    active_service_plan_count: number;
    by_category: CountByKey[];
    by_brand: CountByKey[];
    by_type: CountByKey[];
  }>(ctx, catalogSummaryStatement(ctx.config.businessTimeZone));
  return {
    productCount: row.product_count,
    activeProductCount: row.active_product_count,
    servicePlanCount: row.service_plan_count,
    activeServicePlanCount: row.active_service_plan_count,
    productsByCategory: row.by_category,
    productsByBrand: row.by_brand,
    servicePlansByType: row.by_type,
  };
}
