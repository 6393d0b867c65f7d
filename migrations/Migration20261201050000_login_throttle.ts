import { Migration } from '@mikro-orm/migrations';

/**
 * The login throttle's counters (rate-limiter-flexible's RateLimiterPostgres layout), shared by
 * every instance. Created here rather than by the library at start: the schema stays in the
 * migrations, and the server's role needs no DDL rights at run time. Not an entity: the ORM's
 * schema diff skips it (`schemaGenerator.skipTables`).
 */
export class Migration20261201050000_login_throttle extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "login_throttle" ("key" varchar(255) primary key, "points" integer not null default 0, "expire" bigint);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table "login_throttle";`);
  }

}
