import { Migration } from '@mikro-orm/migrations';

export class Migration20261201044155_sale_event_commit_order extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "sale_event" add column "xid" xid8 not null default pg_current_xact_id();`);
    this.addSql(`create index "sale_event_occurred_at_idx" on "sale_event" ("occurred_at");`);
    this.addSql(`create index "sale_event_commit_order_idx" on "sale_event" ("xid", "id");`);

    // A wake-up for every API instance, sent at commit (never for a rolled-back insert), once per
    // statement: the listeners then read the table, which stays the truth. In the database so that
    // any code inserting events (ORM, plain SQL) wakes them.
    this.addSql(`create function "sale_event_notify"() returns trigger language plpgsql as $$ begin perform pg_notify('sale_event', ''); return null; end $$;`);
    this.addSql(`create trigger "sale_event_notify" after insert on "sale_event" for each statement execute function "sale_event_notify"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger "sale_event_notify" on "sale_event";`);
    this.addSql(`drop function "sale_event_notify"();`);
    this.addSql(`drop index "sale_event_occurred_at_idx";`);
    this.addSql(`drop index "sale_event_commit_order_idx";`);
    this.addSql(`alter table "sale_event" drop column "xid";`);
  }

}
