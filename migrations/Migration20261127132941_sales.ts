import { Migration } from '@mikro-orm/migrations';

export class Migration20261127132941_sales extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "promotion" ("id" bigserial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(40) not null, "name" varchar(120) not null, "description" text null, "percent_off" smallint null, "amount_off" numeric(14,2) null, "product_ids" text[] not null, "service_plan_ids" text[] not null, "product_category_ids" text[] not null, "service_types" text[] not null, "customer_categories" text[] not null, "regions" text[] not null, "valid_from" timestamptz null, "valid_to" timestamptz null, "usage_limit" int null, "per_customer_limit" int null, "used_count" int not null default 0, "active" boolean not null default true, constraint promotion_usage_check check ("usage_limit" is null or "used_count" <= "usage_limit"), constraint promotion_percent_check check ("percent_off" is null or ("percent_off" >= 1 and "percent_off" <= 100)), constraint promotion_one_kind_check check (("percent_off" is null) <> ("amount_off" is null)));`);
    this.addSql(`alter table "promotion" add constraint "promotion_code_unique" unique ("code");`);

    this.addSql(`create table "promotion_redemption" ("id" bigserial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "promotion_id" bigint not null, "customer_id" bigint not null, "sale_id" bigint not null);`);
    this.addSql(`alter table "promotion_redemption" add constraint "promotion_redemption_sale_unique" unique ("sale_id");`);
    this.addSql(`create index "promotion_redemption_customer_idx" on "promotion_redemption" ("promotion_id", "customer_id");`);

    this.addSql(`create table "sale_number_counter" ("prefix" varchar(10) not null, "last_value" bigint not null, constraint "sale_number_counter_pkey" primary key ("prefix"));`);

    this.addSql(`create table "sale" ("id" bigserial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "number" varchar(20) not null, "customer_id" bigint not null, "seller_id" bigint not null, "status" text check ("status" in ('PENDING', 'PAID', 'CANCELLED', 'REFUNDED')) not null, "currency" varchar(3) not null, "subtotal" numeric(14,2) not null, "discount" numeric(14,2) not null, "tax" numeric(14,2) not null, "total" numeric(14,2) not null, "promotion_id" bigint null, "payment_method" text check ("payment_method" in ('CASH', 'CARD', 'TRANSFER', 'FINANCING')) null, "payment_reference" varchar(100) null, "paid_at" timestamptz null, "cancelled_at" timestamptz null, "refunded_at" timestamptz null, "expires_at" timestamptz null, "notes" text null);`);
    this.addSql(`alter table "sale" add constraint "sale_number_unique" unique ("number");`);
    this.addSql(`create index "sale_pending_expires_idx" on "sale" ("expires_at") where "status" = 'PENDING';`);
    this.addSql(`create index "sale_status_created_idx" on "sale" ("status", "created_at");`);
    this.addSql(`create index "sale_seller_created_idx" on "sale" ("seller_id", "created_at", "id");`);
    this.addSql(`create index "sale_customer_created_idx" on "sale" ("customer_id", "created_at", "id");`);
    this.addSql(`create index "sale_created_at_idx" on "sale" ("created_at", "id");`);

    this.addSql(`create table "sale_status_change" ("id" bigserial primary key, "sale_id" bigint not null, "from_status" text check ("from_status" in ('PENDING', 'PAID', 'CANCELLED', 'REFUNDED')) null, "to_status" text check ("to_status" in ('PENDING', 'PAID', 'CANCELLED', 'REFUNDED')) not null, "changed_at" timestamptz not null, "changed_by_id" bigint null, "reason" text null);`);
    this.addSql(`create index "sale_status_change_sale_idx" on "sale_status_change" ("sale_id", "changed_at");`);

    this.addSql(`create table "sale_line" ("id" bigserial primary key, "sale_id" bigint not null, "position" smallint not null, "product_id" bigint null, "service_plan_id" bigint null, "description" varchar(200) not null, "quantity" int not null, "unit_price" numeric(14,2) not null, "discount" numeric(14,2) not null, "tax_rate" numeric(5,4) not null, "tax" numeric(14,2) not null, "net_amount" numeric(14,2) not null, "total" numeric(14,2) not null, constraint sale_line_quantity_check check ("quantity" > 0), constraint sale_line_one_item_check check (("product_id" is null) <> ("service_plan_id" is null)));`);
    this.addSql(`create index "sale_line_service_plan_idx" on "sale_line" ("service_plan_id");`);
    this.addSql(`create index "sale_line_product_idx" on "sale_line" ("product_id");`);
    this.addSql(`create index "sale_line_sale_idx" on "sale_line" ("sale_id", "position");`);

    this.addSql(`create table "sale_idempotency_key" ("key" varchar(100) not null, "request_hash" varchar(64) not null, "sale_id" bigint null, "created_at" timestamptz not null, constraint "sale_idempotency_key_pkey" primary key ("key"));`);

    this.addSql(`create table "sale_event" ("id" bigserial primary key, "type" text check ("type" in ('SALE_CREATED', 'SALE_PAID', 'SALE_CANCELLED', 'SALE_REFUNDED')) not null, "sale_id" bigint not null, "occurred_at" timestamptz not null);`);
    this.addSql(`create index "sale_event_sale_idx" on "sale_event" ("sale_id");`);

    this.addSql(`alter table "promotion_redemption" add constraint "promotion_redemption_promotion_id_foreign" foreign key ("promotion_id") references "promotion" ("id") on update cascade;`);
    this.addSql(`alter table "promotion_redemption" add constraint "promotion_redemption_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "sale" add constraint "sale_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "sale" add constraint "sale_seller_id_foreign" foreign key ("seller_id") references "staff" ("id") on update cascade;`);
    this.addSql(`alter table "sale" add constraint "sale_promotion_id_foreign" foreign key ("promotion_id") references "promotion" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "sale_status_change" add constraint "sale_status_change_sale_id_foreign" foreign key ("sale_id") references "sale" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "sale_status_change" add constraint "sale_status_change_changed_by_id_foreign" foreign key ("changed_by_id") references "staff" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "sale_line" add constraint "sale_line_sale_id_foreign" foreign key ("sale_id") references "sale" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "sale_line" add constraint "sale_line_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "sale_line" add constraint "sale_line_service_plan_id_foreign" foreign key ("service_plan_id") references "service_plan" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "sale_idempotency_key" add constraint "sale_idempotency_key_sale_id_foreign" foreign key ("sale_id") references "sale" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "sale_event" add constraint "sale_event_sale_id_foreign" foreign key ("sale_id") references "sale" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "promotion_redemption" drop constraint "promotion_redemption_promotion_id_foreign";`);

    this.addSql(`alter table "sale" drop constraint "sale_promotion_id_foreign";`);

    this.addSql(`alter table "sale_status_change" drop constraint "sale_status_change_sale_id_foreign";`);

    this.addSql(`alter table "sale_line" drop constraint "sale_line_sale_id_foreign";`);

    this.addSql(`alter table "sale_idempotency_key" drop constraint "sale_idempotency_key_sale_id_foreign";`);

    this.addSql(`alter table "sale_event" drop constraint "sale_event_sale_id_foreign";`);

    this.addSql(`drop table if exists "promotion" cascade;`);

    this.addSql(`drop table if exists "promotion_redemption" cascade;`);

    this.addSql(`drop table if exists "sale_number_counter" cascade;`);

    this.addSql(`drop table if exists "sale" cascade;`);

    this.addSql(`drop table if exists "sale_status_change" cascade;`);

    this.addSql(`drop table if exists "sale_line" cascade;`);

    this.addSql(`drop table if exists "sale_idempotency_key" cascade;`);

    this.addSql(`drop table if exists "sale_event" cascade;`);
  }

}
