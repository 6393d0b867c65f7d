import { Migration } from '@mikro-orm/migrations';

export class Migration20261127131742_services extends Migration {

  override async up(): Promise<void> {

    this.addSql(`create table "service_plan" ("id" bigserial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "code" varchar(40) not null, "name" varchar(120) not null, "description" text null, "type" text check ("type" in ('FIBER_INTERNET', 'MOBILE_POSTPAID', 'MOBILE_PREPAID', 'TV', 'LANDLINE', 'BUNDLE')) not null, "features" jsonb not null, "price_amount" numeric(14,2) not null, "price_currency" varchar(3) not null, "billing_period" text check ("billing_period" in ('MONTHLY', 'ONE_TIME')) not null, "tax_exempt" boolean not null default false, "status" text check ("status" in ('DRAFT', 'ACTIVE', 'RETIRED')) not null, "valid_from" date null, "valid_until" date null);`);
    this.addSql(`alter table "service_plan" add constraint "service_plan_code_unique" unique ("code");`);
    this.addSql(`create index "service_plan_type_idx" on "service_plan" ("type");`);
    this.addSql(`create index "service_plan_price_idx" on "service_plan" ("price_amount", "id");`);
    this.addSql(`create index "service_plan_created_at_idx" on "service_plan" ("created_at", "id");`);
    this.addSql(`create index "service_plan_name_idx" on "service_plan" ("name", "id");`);

    this.addSql(`create table "service_subscription" ("id" bigserial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "customer_id" bigint not null, "service_plan_id" bigint not null, "status" text check ("status" in ('ACTIVE', 'SUSPENDED', 'CANCELLED')) not null, "start_date" date not null, "end_date" date null, "price_amount" numeric(14,2) not null, "price_currency" varchar(3) not null, "installation_address" jsonb null, "sale_id" bigint null);`);
    this.addSql(`create index "service_subscription_sale_idx" on "service_subscription" ("sale_id");`);
    this.addSql(`create index "service_subscription_plan_idx" on "service_subscription" ("service_plan_id", "start_date", "id");`);
    this.addSql(`create index "service_subscription_customer_idx" on "service_subscription" ("customer_id", "start_date", "id");`);

    this.addSql(`create table "service_plan_price" ("id" bigserial primary key, "service_plan_id" bigint not null, "price_amount" numeric(14,2) not null, "price_currency" varchar(3) not null, "valid_from" timestamptz not null, "valid_to" timestamptz null, "changed_by_id" bigint null);`);
    this.addSql(`create index "service_plan_price_plan_idx" on "service_plan_price" ("service_plan_id", "valid_from");`);

    this.addSql(`alter table "service_subscription" add constraint "service_subscription_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "service_subscription" add constraint "service_subscription_service_plan_id_foreign" foreign key ("service_plan_id") references "service_plan" ("id") on update cascade;`);

    this.addSql(`alter table "service_plan_price" add constraint "service_plan_price_service_plan_id_foreign" foreign key ("service_plan_id") references "service_plan" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "service_plan_price" add constraint "service_plan_price_changed_by_id_foreign" foreign key ("changed_by_id") references "staff" ("id") on update cascade on delete set null;`);

  }

  override async down(): Promise<void> {

    this.addSql(`alter table "service_subscription" drop constraint "service_subscription_service_plan_id_foreign";`);

    this.addSql(`alter table "service_plan_price" drop constraint "service_plan_price_service_plan_id_foreign";`);

    this.addSql(`drop table if exists "service_plan" cascade;`);

    this.addSql(`drop table if exists "service_subscription" cascade;`);

    this.addSql(`drop table if exists "service_plan_price" cascade;`);

  }

}
