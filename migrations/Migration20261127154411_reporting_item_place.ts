import { Migration } from '@mikro-orm/migrations';

export class Migration20261127154411_reporting_item_place extends Migration {

  override async up(): Promise<void> {
    // The rollups are derived data: emptied with their refresh row, reports read the sales tables
    // until the background job (or refreshReportingRollups) rebuilds them in the new shape.
    this.addSql(`delete from "reporting_refresh";`);
    this.addSql(`truncate "reporting_sales_period", "reporting_item_period", "reporting_customer_item_day", "reporting_customer_item", "reporting_item_total", "reporting_customer_day", "reporting_customer_total", "reporting_item_pair", "reporting_segment_item", "reporting_pending_sale";`);
    this.addSql(`create table "reporting_item_place_period" ("id" bigserial primary key, "grain" varchar(5) not null, "day" date not null, "currency" varchar(3) not null, "status" varchar(20) not null, "region" varchar(100) null, "city" varchar(100) null, "category" varchar(20) null, "product_id" bigint null, "service_plan_id" bigint null, "sales_count" int not null, "units" bigint not null, "revenue" numeric(16,2) not null, "discount_total" numeric(16,2) not null);`);
    this.addSql(`create index "reporting_item_place_period_idx" on "reporting_item_place_period" ("grain", "day");`);

    this.addSql(`alter table "reporting_customer_day" add column "currency" varchar(3) not null, add column "region" varchar(100) null, add column "city" varchar(100) null, add column "category" varchar(20) null;`);

    this.addSql(`alter table "reporting_customer_item_day" add column "currency" varchar(3) not null, add column "region" varchar(100) null, add column "city" varchar(100) null, add column "category" varchar(20) null;`);
    this.addSql(`create index "reporting_customer_item_day_day_idx" on "reporting_customer_item_day" ("day");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "reporting_item_place_period" cascade;`);

    this.addSql(`alter table "reporting_customer_day" drop column "currency", drop column "region", drop column "city", drop column "category";`);

    this.addSql(`drop index "reporting_customer_item_day_day_idx";`);
    this.addSql(`alter table "reporting_customer_item_day" drop column "currency", drop column "region", drop column "city", drop column "category";`);
  }

}
