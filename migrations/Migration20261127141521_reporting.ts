import { Migration } from '@mikro-orm/migrations';

export class Migration20261127141521_reporting extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "reporting_customer_day" ("id" bigserial primary key, "day" date not null, "customer_id" bigint not null, "sales_count" int not null, "units" bigint not null, "revenue" numeric(16,2) not null);`);
    this.addSql(`create index "reporting_customer_day_day_idx" on "reporting_customer_day" ("day");`);

    this.addSql(`create table "reporting_customer_item_day" ("id" bigserial primary key, "day" date not null, "customer_id" bigint not null, "product_id" bigint null, "service_plan_id" bigint null, "units" bigint not null, "revenue" numeric(16,2) not null, "last_purchase_at" timestamptz not null);`);
    this.addSql(`create index "reporting_customer_item_day_plan_idx" on "reporting_customer_item_day" ("service_plan_id", "day");`);
    this.addSql(`create index "reporting_customer_item_day_product_idx" on "reporting_customer_item_day" ("product_id", "day");`);

    this.addSql(`create table "reporting_customer_item" ("id" bigserial primary key, "customer_id" bigint not null, "product_id" bigint null, "service_plan_id" bigint null, "units" bigint not null, "revenue" numeric(16,2) not null, "last_purchase_at" timestamptz not null);`);
    this.addSql(`create index "reporting_customer_item_customer_idx" on "reporting_customer_item" ("customer_id");`);
    this.addSql(`create index "reporting_customer_item_plan_rank_idx" on "reporting_customer_item" ("service_plan_id", "units", "revenue", "customer_id");`);
    this.addSql(`create index "reporting_customer_item_product_rank_idx" on "reporting_customer_item" ("product_id", "units", "revenue", "customer_id");`);

    this.addSql(`create table "reporting_customer_total" ("customer_id" bigserial primary key, "sales_count" int not null, "units" bigint not null, "revenue" numeric(16,2) not null);`);
    this.addSql(`create index "reporting_customer_total_sales_idx" on "reporting_customer_total" ("sales_count", "customer_id");`);
    this.addSql(`create index "reporting_customer_total_units_idx" on "reporting_customer_total" ("units", "customer_id");`);
    this.addSql(`create index "reporting_customer_total_revenue_idx" on "reporting_customer_total" ("revenue", "customer_id");`);

    this.addSql(`create table "reporting_item_pair" ("region" varchar(100) not null, "a_kind" varchar(20) not null, "a_id" bigint not null, "b_kind" varchar(20) not null, "b_id" bigint not null, "customers" int not null, "a_customers" int not null, constraint "reporting_item_pair_pkey" primary key ("region", "a_kind", "a_id", "b_kind", "b_id"));`);

    this.addSql(`create table "reporting_item_period" ("id" bigserial primary key, "grain" varchar(5) not null, "day" date not null, "currency" varchar(3) not null, "status" varchar(20) not null, "product_id" bigint null, "service_plan_id" bigint null, "sales_count" int not null, "units" bigint not null, "revenue" numeric(16,2) not null, "discount_total" numeric(16,2) not null);`);
    this.addSql(`create index "reporting_item_period_idx" on "reporting_item_period" ("grain", "day");`);

    this.addSql(`create table "reporting_item_total" ("id" bigserial primary key, "product_id" bigint null, "service_plan_id" bigint null, "customers" int not null);`);

    this.addSql(`create table "reporting_pending_sale" ("sale_id" bigserial primary key);`);

    this.addSql(`create table "reporting_refresh" ("name" varchar(40) not null, "refreshed_at" timestamptz not null, "covered_until" timestamptz not null, "duration_ms" int not null, "sales_rolled_up" int not null, constraint "reporting_refresh_pkey" primary key ("name"));`);

    this.addSql(`create table "reporting_sales_period" ("id" bigserial primary key, "grouping_set" smallint not null, "grain" varchar(5) not null, "day" date not null, "currency" varchar(3) not null, "status" varchar(20) not null, "payment_method" varchar(20) null, "region" varchar(100) null, "city" varchar(100) null, "category" varchar(20) null, "seller_id" bigint null, "sales_count" int not null, "units" bigint not null, "revenue" numeric(16,2) not null, "discount_total" numeric(16,2) not null);`);
    this.addSql(`create index "reporting_sales_period_idx" on "reporting_sales_period" ("grouping_set", "grain", "day");`);

    this.addSql(`create table "reporting_segment_item" ("region" varchar(100) not null, "category" varchar(20) not null, "item_kind" varchar(20) not null, "item_id" bigint not null, "customers" int not null, "segment_customers" int not null, constraint "reporting_segment_item_pkey" primary key ("region", "category", "item_kind", "item_id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "reporting_customer_day" cascade;`);

    this.addSql(`drop table if exists "reporting_customer_item_day" cascade;`);

    this.addSql(`drop table if exists "reporting_customer_item" cascade;`);

    this.addSql(`drop table if exists "reporting_customer_total" cascade;`);

    this.addSql(`drop table if exists "reporting_item_pair" cascade;`);

    this.addSql(`drop table if exists "reporting_item_period" cascade;`);

    this.addSql(`drop table if exists "reporting_item_total" cascade;`);

    this.addSql(`drop table if exists "reporting_pending_sale" cascade;`);

    this.addSql(`drop table if exists "reporting_refresh" cascade;`);

    this.addSql(`drop table if exists "reporting_sales_period" cascade;`);

    this.addSql(`drop table if exists "reporting_segment_item" cascade;`);
  }

}
