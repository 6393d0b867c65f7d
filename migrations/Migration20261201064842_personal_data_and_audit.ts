import { Migration } from '@mikro-orm/migrations';

export class Migration20261201064842_personal_data_and_audit extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_entry" ("id" bigserial primary key, "at" timestamptz not null, "staff_id" bigint null, "operation" varchar(100) not null, "operation_name" varchar(200) null, "entity_type" varchar(100) null, "entity_ids" text[] not null, "input" jsonb not null, "outcome" varchar(20) not null, "failure" varchar(60) null, "request_id" varchar(100) not null, "client_address" varchar(100) null);`);
    this.addSql(`create index "audit_entry_entity_ids_idx" on "audit_entry" using gin ("entity_ids");`);
    this.addSql(`create index "audit_entry_entity_idx" on "audit_entry" ("entity_type", "at");`);
    this.addSql(`create index "audit_entry_staff_idx" on "audit_entry" ("staff_id", "at");`);
    this.addSql(`create index "audit_entry_at_idx" on "audit_entry" ("at", "id");`);

    this.addSql(`alter table "customer" add column "anonymized_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_entry" cascade;`);

    this.addSql(`alter table "customer" drop column "anonymized_at";`);
  }

}
