import { Migration } from '@mikro-orm/migrations';

export class Migration20261127130705_initial_users extends Migration {

  override async up(): Promise<void> {
    // Trigram indexes make the customer text search (`ILIKE %…%`) fast.
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create table "customer" ("id" bigserial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "first_name" varchar(100) not null, "last_name" varchar(100) not null, "document_type" text check ("document_type" in ('CC', 'CE', 'NIT', 'PASSPORT')) not null, "document_number" varchar(30) not null, "email" varchar(254) not null, "phones" text[] not null, "birth_date" date null, "addresses" jsonb not null, "billing_city" varchar(100) not null, "billing_region" varchar(100) not null, "category" text check ("category" in ('NEW', 'REGULAR', 'LOYAL')) not null default 'NEW', "category_is_manual" boolean not null default false, "search_text" text generated always as (lower(first_name || ' ' || last_name || ' ' || email || ' ' || document_number)) stored not null);`);
    this.addSql(`alter table "customer" add constraint "customer_email_unique" unique ("email");`);
    this.addSql(`create index "customer_billing_city_idx" on "customer" ("billing_city");`);
    this.addSql(`create index "customer_billing_region_idx" on "customer" ("billing_region");`);
    this.addSql(`create index "customer_search_text_trgm_idx" on "customer" using gin ("search_text" gin_trgm_ops);`);
    this.addSql(`create index "customer_last_name_idx" on "customer" ("last_name", "id");`);
    this.addSql(`create index "customer_created_at_idx" on "customer" ("created_at", "id");`);
    this.addSql(`alter table "customer" add constraint "customer_document_unique" unique ("document_type", "document_number");`);

    this.addSql(`create table "staff" ("id" bigserial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "email" varchar(254) not null, "name" varchar(120) not null, "role" text check ("role" in ('ADMIN', 'SALES_AGENT', 'ANALYST', 'PARTNER')) not null, "active" boolean not null default true, "password_hash" text not null, "token_version" int not null default 0);`);
    this.addSql(`alter table "staff" add constraint "staff_email_unique" unique ("email");`);

    this.addSql(`create table "interaction" ("id" bigserial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "customer_id" bigint not null, "type" text check ("type" in ('INQUIRY', 'COMPLAINT', 'SUGGESTION')) not null, "channel" text check ("channel" in ('PHONE', 'STORE', 'WEB', 'APP', 'EMAIL')) not null, "subject" varchar(200) not null, "description" text not null, "status" text check ("status" in ('OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED')) not null default 'OPEN', "resolution_note" text null, "recorded_by_id" bigint not null);`);
    this.addSql(`create index "interaction_created_idx" on "interaction" ("created_at", "id");`);
    this.addSql(`create index "interaction_customer_created_idx" on "interaction" ("customer_id", "created_at", "id");`);

    this.addSql(`create table "customer_category_change" ("id" bigserial primary key, "customer_id" bigint not null, "from_category" text check ("from_category" in ('NEW', 'REGULAR', 'LOYAL')) null, "to_category" text check ("to_category" in ('NEW', 'REGULAR', 'LOYAL')) not null, "changed_at" timestamptz not null, "changed_by_id" bigint null, "reason" text not null);`);
    this.addSql(`create index "customer_category_change_customer_idx" on "customer_category_change" ("customer_id", "changed_at");`);

    this.addSql(`alter table "interaction" add constraint "interaction_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "interaction" add constraint "interaction_recorded_by_id_foreign" foreign key ("recorded_by_id") references "staff" ("id") on update cascade;`);

    this.addSql(`alter table "customer_category_change" add constraint "customer_category_change_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "customer_category_change" add constraint "customer_category_change_changed_by_id_foreign" foreign key ("changed_by_id") references "staff" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "interaction" drop constraint "interaction_customer_id_foreign";`);

    this.addSql(`alter table "customer_category_change" drop constraint "customer_category_change_customer_id_foreign";`);

    this.addSql(`alter table "interaction" drop constraint "interaction_recorded_by_id_foreign";`);

    this.addSql(`alter table "customer_category_change" drop constraint "customer_category_change_changed_by_id_foreign";`);

    this.addSql(`drop table if exists "customer" cascade;`);

    this.addSql(`drop table if exists "staff" cascade;`);

    this.addSql(`drop table if exists "interaction" cascade;`);

    this.addSql(`drop table if exists "customer_category_change" cascade;`);
  }

}
