import { Migration } from '@mikro-orm/migrations';

export class Migration20261127132135_catalog extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "brand" ("id" bigserial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(80) not null, "country" varchar(2) null);`);
    this.addSql(`create unique index "brand_name_unique" on "brand" (lower("name"));`);

    this.addSql(`create table "product_category" ("id" bigserial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(80) not null);`);
    this.addSql(`create unique index "product_category_name_unique" on "product_category" (lower("name"));`);

    this.addSql(`create table "product" ("id" bigserial primary key, "created_at" timestamptz not null, "updated_at" timestamptz not null, "sku" varchar(40) not null, "name" varchar(200) not null, "brand_id" bigint not null, "category_id" bigint not null, "model" varchar(100) null, "description" text null, "attributes" jsonb not null, "price_amount" numeric(14,2) not null, "price_currency" varchar(3) not null, "tax_exempt" boolean not null default false, "stock" int not null default 0, "reorder_level" int not null default 5, "status" text check ("status" in ('ACTIVE', 'DISCONTINUED')) not null default 'ACTIVE', constraint product_reorder_level_not_negative check (reorder_level >= 0), constraint product_stock_not_negative check (stock >= 0));`);
    this.addSql(`alter table "product" add constraint "product_sku_unique" unique ("sku");`);
    this.addSql(`create index "product_brand_idx" on "product" ("brand_id");`);
    this.addSql(`create index "product_category_idx" on "product" ("category_id");`);
    this.addSql(`create index "product_sku_trgm_idx" on "product" using gin ("sku" gin_trgm_ops);`);
    this.addSql(`create index "product_name_trgm_idx" on "product" using gin ("name" gin_trgm_ops);`);
    this.addSql(`create index "product_price_idx" on "product" ("price_amount", "id");`);
    this.addSql(`create index "product_stock_idx" on "product" ("stock", "id");`);
    this.addSql(`create index "product_created_at_idx" on "product" ("created_at", "id");`);
    this.addSql(`create index "product_name_idx" on "product" ("name", "id");`);

    this.addSql(`create table "stock_movement" ("id" bigserial primary key, "product_id" bigint not null, "delta" int not null, "stock_before" int not null, "stock_after" int not null, "reason" text not null, "kind" text check ("kind" in ('INITIAL', 'ADJUSTMENT', 'SALE', 'SALE_RELEASED', 'SALE_REFUNDED')) not null, "staff_id" bigint null, "sale_id" bigint null, "created_at" timestamptz not null, constraint stock_movement_delta_check check (delta <> 0 and stock_after = stock_before + delta and stock_after >= 0));`);
    this.addSql(`create index "stock_movement_sale_idx" on "stock_movement" ("sale_id");`);
    this.addSql(`create index "stock_movement_product_idx" on "stock_movement" ("product_id", "created_at", "id");`);

    this.addSql(`alter table "product" add constraint "product_brand_id_foreign" foreign key ("brand_id") references "brand" ("id") on update cascade;`);
    this.addSql(`alter table "product" add constraint "product_category_id_foreign" foreign key ("category_id") references "product_category" ("id") on update cascade;`);

    this.addSql(`alter table "stock_movement" add constraint "stock_movement_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`);
    this.addSql(`alter table "stock_movement" add constraint "stock_movement_staff_id_foreign" foreign key ("staff_id") references "staff" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "product" drop constraint "product_brand_id_foreign";`);

    this.addSql(`alter table "product" drop constraint "product_category_id_foreign";`);

    this.addSql(`alter table "stock_movement" drop constraint "stock_movement_product_id_foreign";`);

    this.addSql(`drop table if exists "brand" cascade;`);

    this.addSql(`drop table if exists "product_category" cascade;`);

    this.addSql(`drop table if exists "product" cascade;`);

    this.addSql(`drop table if exists "stock_movement" cascade;`);
  }

}
