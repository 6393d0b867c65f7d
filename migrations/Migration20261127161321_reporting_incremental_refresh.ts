import { Migration } from '@mikro-orm/migrations';

export class Migration20261127161321_reporting_incremental_refresh extends Migration {

  override async up(): Promise<void> {
    // Derived data: without its refresh row the next refresh is a FULL one, and reports read the sales tables until then.
    this.addSql(`delete from "reporting_refresh";`);
    this.addSql(`alter table "reporting_refresh" add column "mode" text check ("mode" in ('FULL', 'INCREMENTAL')) not null, add column "full_refreshed_at" timestamptz not null;`);

    this.addSql(`create index "sale_status_change_changed_at_idx" on "sale_status_change" ("changed_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "reporting_refresh" drop column "mode", drop column "full_refreshed_at";`);

    this.addSql(`drop index "sale_status_change_changed_at_idx";`);
  }

}
